package dev.wharf.index.simple;

/**
 * A simple-API page rendered once for a given serial and served from the cache until the
 * project changes. The ETag is a hash of the body, so conditional GETs answer 304 cheaply.
 */
public record RenderedPage(byte[] body, String etag, long serial, SimpleFormat format) {
}
