package dev.wharf.projects;

import dev.wharf.storage.blob.BlobKey;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Removes blobs that no file row (hosted, or a mirror's through {@link SharedBlobs}) refers to. An upload stores its blob first and commits its row
 * after, so a crash between the two leaves a complete blob that is never served and never
 * reclaimed; so does a failed delete. Such a blob is at least {@code grace} old: an upload in
 * progress commits within seconds of storing, so a younger unreferenced blob may be one that is
 * about to be referenced and is left alone. A {@code .metadata} blob belongs to the distribution
 * whose key it extends. Works the same on local files and on S3 (through {@link BlobStore#list}).
 */
public final class OrphanBlobs {
    /** How old an unreferenced blob must be before it counts as an orphan. */
    public static final Duration GRACE = Duration.ofHours(1);

    private static final int BATCH = 500;
    private static final String METADATA = ".metadata";

    private final Database database;
    private final ProjectRepository projects;
    private final SharedBlobs shared;
    private final BlobStore blobs;

    public OrphanBlobs(Database database, ProjectRepository projects, SharedBlobs shared, BlobStore blobs) {
        this.database = database;
        this.projects = projects;
        this.shared = shared;
        this.blobs = blobs;
    }

    /** Deletes orphans last modified before {@code now - grace}; returns how many. */
    public int collect(Instant now, Duration grace) throws IOException {
        Instant cutoff = now.minus(grace);
        List<BlobKey> batch = new ArrayList<>(BATCH);
        int[] removed = {0};
        try {
            blobs.list(listed -> {
                if (listed.lastModified().isBefore(cutoff)) {
                    batch.add(listed.key());
                    if (batch.size() == BATCH) {
                        removed[0] += removeUnreferenced(batch);
                        batch.clear();
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return removed[0] + removeUnreferenced(batch);
    }

    private int removeUnreferenced(List<BlobKey> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        Set<String> digests = keys.stream().map(OrphanBlobs::digest).collect(Collectors.toSet());
        Set<String> referenced = database.read(handle -> {
            Set<String> found = new java.util.HashSet<>(projects.blobKeysByDigest(handle, digests));
            found.addAll(shared.referenced(handle, digests));
            return found;
        });
        int removed = 0;
        for (BlobKey key : keys) {
            if (!referenced.contains(distribution(key))) {
                try {
                    blobs.delete(key);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                removed++;
            }
        }
        return removed;
    }

    /** The key of the distribution a blob belongs to: itself, or what its {@code .metadata} extends. */
    private static String distribution(BlobKey key) {
        String value = key.value();
        return value.endsWith(METADATA) ? value.substring(0, value.length() - METADATA.length()) : value;
    }

    /** {@code ab/cd/<60 hex>/name} holds the digest {@code abcd<60 hex>}. */
    private static String digest(BlobKey key) {
        String value = key.value();
        return value.substring(0, 2) + value.substring(3, 5) + value.substring(6, 66);
    }
}
