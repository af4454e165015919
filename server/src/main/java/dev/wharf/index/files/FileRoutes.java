package dev.wharf.index.files;

import dev.wharf.projects.DistributionFile;
import dev.wharf.projects.ProjectService;
import dev.wharf.storage.blob.BlobKey;
import dev.wharf.storage.blob.BlobStore;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.util.Optional;

/**
 * Distribution files and their PEP 658 {@code .metadata} at
 * {@code /packages/<b2>/<b2>/<b2>/<filename>} (the content-addressed layout of pypi.org): GET and
 * HEAD, single byte ranges (uv probes wheels with {@code Range}), immutable caching. A blob is
 * served only if a committed catalogue row points at it, so a file whose upload failed half-way is
 * never reachable.
 */
public final class FileRoutes {
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
        String sha256 = metadata
                ? file.get().metadataSha256().orElseThrow()
                : file.get().digests().sha256();
        BlobResponses.send(
                ctx,
                blobs,
                served,
                size.get(),
                sha256,
                metadata ? "text/plain; charset=utf-8" : "application/octet-stream");
    }

    private static void notFound(Context ctx) {
        BlobResponses.notFound(ctx);
    }
}
