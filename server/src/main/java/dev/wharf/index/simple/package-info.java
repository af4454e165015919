/**
 * The simple repository API: PEP 503 HTML and PEP 691 JSON with content negotiation, rendered once
 * per project change and served from a serial-keyed cache with ETags.
 */
package dev.wharf.index.simple;
