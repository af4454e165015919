package dev.wharf.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where distribution files live. Implementations: {@link LocalBlobStore} (the default, files
 * under the data directory) and {@link S3BlobStore} for scale-out. Failures of the backing store
 * are {@link IOException}s; they are server faults, not client refusals.
 *
 * <p>Contract: {@link #put} makes a blob visible only once it is complete (a reader sees either
 * nothing or every byte), and blobs are immutable: putting an existing key with the same bytes
 * is a no-op. Whether a blob is <em>published</em> is decided by the catalogue row that points
 * at it, which commits after the blob is in place.
 */
public interface BlobStore {

    /**
     * Stores the staged file under {@code key}. When this returns the staged file has been
     * consumed (moved into place or deleted), also when the key already existed; if it throws,
     * the staged file may remain and the caller deletes it.
     */
    void put(BlobKey key, Path stagedFile) throws IOException;

    /** Stores small bytes (e.g. a wheel's METADATA) under {@code key}. */
    void put(BlobKey key, byte[] bytes) throws IOException;

    /** The size in bytes, if the blob exists. */
    Optional<Long> size(BlobKey key) throws IOException;

    /**
     * Opens {@code length} bytes from {@code offset}; the caller has checked the range against
     * {@link #size}. An absent blob fails with {@link java.nio.file.NoSuchFileException}.
     */
    InputStream open(BlobKey key, long offset, long length) throws IOException;

    /** Removes a blob; absent keys are ignored. */
    void delete(BlobKey key) throws IOException;

    /** A stored blob as a listing shows it. */
    record Listed(BlobKey key, java.time.Instant lastModified) {}

    /**
     * Calls {@code each} for every stored blob. Entries that are not blob keys (anything else in the
     * directory or bucket) are skipped, never reported, so nothing foreign is ever deleted.
     */
    void list(java.util.function.Consumer<Listed> each) throws IOException;
}
