package dev.wharf.index.files;

import dev.wharf.http.EntityTags;
import dev.wharf.projects.DistributionFile;
import dev.wharf.projects.ProjectService;
import dev.wharf.storage.blob.BlobKey;
import dev.wharf.storage.blob.BlobStore;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Distribution files and their PEP 658 {@code .metadata} at
 * {@code /packages/<b2>/<b2>/<b2>/<filename>} (the content-addressed layout of pypi.org): GET and
 * HEAD, single byte ranges (uv probes wheels with {@code Range}), immutable caching. A blob is
 * served only if a committed catalogue row points at it, so a file whose upload failed half-way is
 * never reachable.
 */
public final class FileRoutes {
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private final ProjectService projects;
    private final BlobStore blobs;

    public FileRoutes(ProjectService projects, BlobStore blobs) {
        this.projects = projects;
        this.blobs = blobs;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/packages/{a}/{b}/{c}/{filename}", this::serve);
        routes.head("/packages/{a}/{b}/{c}/{filename}", this::serve);
    }

    private void serve(Context ctx) throws IOException {
        String filename = ctx.pathParam("filename");
        boolean metadata = filename.endsWith(".metadata");
        String distribution = metadata ? filename.substring(0, filename.length() - ".metadata".length()) : filename;
        BlobKey key;
        try {
            key = new BlobKey(
                    ctx.pathParam("a") + "/" + ctx.pathParam("b") + "/" + ctx.pathParam("c") + "/" + distribution);
        } catch (IllegalArgumentException e) {
            notFound(ctx);
            return;
        }
        Optional<DistributionFile> file =
                projects.file(distribution).filter(f -> f.blobKey().equals(key));
        if (file.isEmpty() || (metadata && !file.get().hasMetadataFile())) {
            notFound(ctx);
            return;
        }
        BlobKey served = metadata ? key.metadata() : key;
        Optional<Long> size = blobs.size(served);
        if (size.isEmpty()) {
            notFound(ctx);
            return;
        }
        String etag = "\""
                + (metadata
                        ? file.get().metadataSha256().orElseThrow()
                        : file.get().digests().sha256()) + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", IMMUTABLE);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.contentType(metadata ? "text/plain; charset=utf-8" : "application/octet-stream");
        if (EntityTags.noneMatchFails(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        Optional<ByteRange> range = ByteRange.parse(ctx.header("Range"), size.get());
        if (range.isPresent() && range.get().unsatisfiable()) {
            ctx.header("Content-Range", "bytes */" + size.get());
            ctx.status(416).result("");
            return;
        }
        long offset = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size.get());
        if (range.isPresent()) {
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + offset + "-" + (offset + length - 1) + "/" + size.get());
        }
        // Distributions are compressed archives and ranges must be byte-exact: never gzip them on the fly
        // (Javalin would otherwise do so for clients sending Accept-Encoding: gzip, as requests does).
        ctx.disableCompression();
        ctx.header("Content-Length", Long.toString(length));
        if (ctx.method() == HandlerType.HEAD) {
            return;
        }
        InputStream in = blobs.open(served, offset, length);
        ctx.result(in);
    }

    private static void notFound(Context ctx) {
        ctx.status(404).contentType("text/plain; charset=utf-8").result("404 Not Found\n");
    }
}
