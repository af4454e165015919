/**
 * The composition root and the HTTP server: builds every service once from the configuration with plain
 * constructors, wires each domain's routes, and maps refusals to HTTP in one place.
 */
package dev.wharf.app;
