package dev.wharf.storage.blob;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes staging files left behind by a crash. A staging file is never published (no catalogue row
 * points at it), so deleting it loses nothing; only files older than a grace period are touched so
 * that uploads running in another process on the same data are left alone.
 */
public final class StagingSweeper {
    private StagingSweeper() {}

    /** Deletes regular files in {@code staging} last modified before {@code now - grace}; returns how many. */
    public static int sweep(Path staging, Instant now, Duration grace) throws IOException {
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        int removed = 0;
        Instant cutoff = now.minus(grace);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            }
        }
        return removed;
    }
}
