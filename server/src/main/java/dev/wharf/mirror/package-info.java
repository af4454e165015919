/**
 * The proxy engine behind mirror indexes: fetching an upstream's project pages (PEP 691 JSON or
 * PEP 503 HTML) and files within hard limits, caching them (pages in the database, files in the blob
 * store after their sha256 is checked), revalidating, and serving what is cached when the upstream
 * fails. An upstream is untrusted input like any client.
 */
package dev.wharf.mirror;
