package dev.wharf.index.files;

import dev.wharf.http.EntityTags;
import dev.wharf.storage.blob.BlobKey;
import dev.wharf.storage.blob.BlobStore;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Answers a request for a stored file, hosted or mirrored: the sha256 as a strong ETag with 304,
 * immutable caching (a file name's bytes never change), single byte ranges with 206/416, an exact
 * {@code Content-Length}, HEAD without the body, and never a content coding.
 */
public final class BlobResponses {
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private BlobResponses() {}

    /** The headers every file answer carries, stored or arriving. */
    public static void fileHeaders(Context ctx, String sha256, String contentType) {
        ctx.header("ETag", "\"" + sha256 + "\"");
        ctx.header("Cache-Control", IMMUTABLE);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.contentType(contentType);
        // Distributions are compressed archives and ranges must be byte-exact: never gzip them on the fly
        // (Javalin would otherwise do so for clients sending Accept-Encoding: gzip, as requests does).
        ctx.disableCompression();
    }

    /** Whether the request's If-None-Match already names this file: then it was answered 304. */
    public static boolean notModified(Context ctx, String sha256) {
        if (EntityTags.noneMatchFails(ctx.header("If-None-Match"), "\"" + sha256 + "\"")) {
            ctx.status(304);
            return true;
        }
        return false;
    }

    public static void send(Context ctx, BlobStore blobs, BlobKey key, long size, String sha256, String contentType)
            throws IOException {
        fileHeaders(ctx, sha256, contentType);
        if (notModified(ctx, sha256)) {
            return;
        }
        Optional<ByteRange> range = ByteRange.parse(ctx.header("Range"), size);
        if (range.isPresent() && range.get().unsatisfiable()) {
            ctx.header("Content-Range", "bytes */" + size);
            ctx.status(416).result("");
            return;
        }
        long offset = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        if (range.isPresent()) {
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + offset + "-" + (offset + length - 1) + "/" + size);
        }
        ctx.header("Content-Length", Long.toString(length));
        if (ctx.method() == HandlerType.HEAD) {
            return;
        }
        InputStream in = blobs.open(key, offset, length);
        ctx.result(in);
    }

    public static void notFound(Context ctx) {
        ctx.status(404).contentType("text/plain; charset=utf-8").result("404 Not Found\n");
    }
}
