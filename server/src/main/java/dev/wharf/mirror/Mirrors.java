package dev.wharf.mirror;

import dev.wharf.config.WharfConfig.MirrorLimits;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/** Builds the proxy engine once: one upstream client, the page cache and the file downloads. */
public record Mirrors(
        UpstreamClient upstream,
        MirrorPages pages,
        MirrorFiles files,
        MirrorPageRepository pageRepository,
        MirrorFileRepository fileRepository) {

    public static Mirrors create(
            Database database,
            BlobStore blobs,
            Path staging,
            MirrorLimits limits,
            Function<String, String> environment,
            Clock clock,
            MirrorFileRepository fileRepository) {
        UpstreamClient upstream = new UpstreamClient(limits, environment);
        MirrorPageRepository pageRepository = new MirrorPageRepository();
        return new Mirrors(
                upstream,
                new MirrorPages(database, pageRepository, upstream, clock),
                new MirrorFiles(database, fileRepository, blobs, staging, upstream, limits, clock),
                pageRepository,
                fileRepository);
    }

    /** Stops the upstream client. */
    public void close() {
        upstream.close();
    }
}
