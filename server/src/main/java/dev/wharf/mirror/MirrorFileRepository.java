package dev.wharf.mirror;

import dev.wharf.storage.blob.BlobKey;
import dev.wharf.storage.db.Micros;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** SQL for {@code mirror_files}: the upstream files (and {@code .metadata} files) a mirror has stored. */
public final class MirrorFileRepository {
    private static final String METADATA = ".metadata";

    /** A stored upstream file. */
    record StoredFile(String sha256, long size, BlobKey blobKey) {}

    Optional<StoredFile> find(Handle handle, String index, String project, String filename) {
        return handle.createQuery("SELECT sha256_digest, size, blob_key FROM mirror_files "
                        + "WHERE index_name = :i AND project = :p AND filename = :f")
                .bind("i", index)
                .bind("p", project)
                .bind("f", filename)
                .map((rs, ctx) -> new StoredFile(
                        rs.getString("sha256_digest"), rs.getLong("size"), new BlobKey(rs.getString("blob_key"))))
                .findOne();
    }

    void insert(
            Handle handle,
            String index,
            String project,
            String filename,
            String sha256,
            String keyDigest,
            long size,
            BlobKey key,
            Instant now) {
        handle.createUpdate("""
                        INSERT INTO mirror_files (index_name, project, filename, sha256_digest, key_digest, size,
                                                  blob_key, stored_at)
                        VALUES (:i, :p, :f, :sha, :kd, :size, :key, :at)
                        ON CONFLICT (index_name, project, filename) DO NOTHING""")
                .bind("i", index)
                .bind("p", project)
                .bind("f", filename)
                .bind("sha", sha256)
                .bind("kd", keyDigest)
                .bind("size", size)
                .bind("key", key.value())
                .bind("at", Micros.of(now))
                .execute();
    }

    /**
     * Of the given key digests (the hex digest a blob key's path is made of), the blob keys mirrors
     * refer to, in the form the orphan collector compares ({@code .metadata} blobs as the key they
     * extend).
     */
    public Set<String> blobKeysByDigest(Handle handle, Set<String> digests) {
        Set<String> keys = new HashSet<>();
        handle.createQuery("SELECT blob_key FROM mirror_files WHERE key_digest IN (<d>)")
                .bindList("d", digests)
                .mapTo(String.class)
                .forEach(key ->
                        keys.add(key.endsWith(METADATA) ? key.substring(0, key.length() - METADATA.length()) : key));
        return keys;
    }
}
