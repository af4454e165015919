/**
 * HTML text that Wharf writes by hand rather than through a template (the PEP 503 pages, the
 * reStructuredText renderer): one escaping rule for both.
 */
package dev.wharf.html;
