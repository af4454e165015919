package dev.wharf.index.simple;

import dev.wharf.http.EncodedBody;

/**
 * A simple-API page rendered and encoded once for a given serial and served from the cache until
 * the project (or, for the root, the index) changes.
 */
public record RenderedPage(EncodedBody body, long serial, SimpleFormat format) {}
