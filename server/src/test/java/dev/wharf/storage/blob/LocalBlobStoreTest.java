package dev.wharf.storage.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

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
}
