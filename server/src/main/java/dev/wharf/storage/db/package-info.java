/**
 * The relational catalogue: connection pool, Flyway migrations (one folder per dialect, kept in
 * step) and JDBI access for the embedded SQLite default and for PostgreSQL. Times are stored as
 * microseconds since the epoch on both, so that SQL stays portable between them.
 */
package dev.wharf.storage.db;
