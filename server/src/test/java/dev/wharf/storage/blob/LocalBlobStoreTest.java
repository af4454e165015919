package dev.wharf.storage.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path root;

    private LocalBlobStore store;

    @BeforeEach
    void createStore() throws IOException {
        store = new LocalBlobStore(root.resolve("blobs"));
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Test
    void aBlobIsAFileAtItsKeyUnderTheRoot() throws IOException {
        byte[] content = "on disk".getBytes(UTF_8);
        BlobKey key = keyFor(content, "pkg-1.0.tar.gz");

        store.put(key, content);

        Path file = root.resolve("blobs").resolve(key.value());
        assertThat(store.pathOf(key)).isEqualTo(file.toAbsolutePath());
        assertThat(file).hasBinaryContent(content);
    }

    @Test
    void aDistributionAndItsMetadataAreStoredWithOneMode() throws IOException {
        byte[] content = "wheel".getBytes(UTF_8);
        BlobKey key = keyFor(content, "pkg-1.0-py3-none-any.whl");
        // As an upload is staged: Files.createTempFile makes it rw-------.
        Path upload = Files.createTempFile(store.stagingDirectory(), "upload-", ".part");
        Files.write(upload, content);

        store.put(key, upload);
        store.put(key.metadata(), "Metadata-Version: 2.1\n".getBytes(UTF_8));

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(store.pathOf(key))))
                .isEqualTo("rw-r--r--");
        assertThat(Files.getPosixFilePermissions(store.pathOf(key.metadata()))).isEqualTo(LocalBlobStore.FILE_MODE);
    }

    @Test
    void nothingIsLeftInTheStagingDirectory() throws IOException {
        byte[] content = "staged".getBytes(UTF_8);
        BlobKey key = keyFor(content, "pkg-1.0.tar.gz");
        Path upload = Files.write(store.stagingDirectory().resolve("upload.part"), content);

        store.put(key, upload);
        store.put(key.metadata(), content);
        store.put(key.metadata(), content);

        try (var left = Files.list(store.stagingDirectory())) {
            assertThat(left).isEmpty();
        }
        assertThat(store.pathOf(key)).hasBinaryContent(content);
    }

    /** /dev/shm is a tmpfs on Linux: a different file system, so the store copies instead of moving. */
    @Test
    void aStagedFileFromAnotherFileSystemIsCopiedThenConsumed() throws IOException {
        Path shm = Path.of("/dev/shm");
        assumeTrue(
                Files.isDirectory(shm)
                        && Files.isWritable(shm)
                        && !Files.getFileStore(shm).equals(Files.getFileStore(store.stagingDirectory())),
                "needs a second writable file system at /dev/shm");
        byte[] content = "from elsewhere".getBytes(UTF_8);
        BlobKey key = keyFor(content, "pkg-1.0.tar.gz");
        Path upload = Files.createTempFile(shm, "wharf-test-", ".part");
        try {
            Files.write(upload, content);

            store.put(key, upload);

            assertThat(upload).doesNotExist();
            assertThat(store.pathOf(key)).hasBinaryContent(content);
        } finally {
            Files.deleteIfExists(upload);
        }
    }
}
