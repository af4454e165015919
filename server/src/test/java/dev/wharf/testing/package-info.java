/** Test support: a real Wharf server on a free port over a real SQLite or PostgreSQL database. */
package dev.wharf.testing;
