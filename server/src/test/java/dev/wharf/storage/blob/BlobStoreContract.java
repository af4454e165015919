package dev.wharf.storage.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BlobStore} adapter must do. One subclass per adapter supplies the store;
 * the behaviours below are the port's Javadoc contract made executable.
 */
abstract class BlobStoreContract {
    private static final String WHEEL = "sampleproject-4.0.0-py3-none-any.whl";

    @TempDir
    Path scratch;

    /** The adapter under test, fresh and empty for each test. */
    abstract BlobStore store();

    @Test
    void putOfAFileThenReadsAllAndARangeOfIt() throws IOException {
        byte[] content = "0123456789abcdefghij".getBytes(UTF_8);
        BlobKey key = keyFor(content, WHEEL);

        store().put(key, staged(content));

        assertThat(store().size(key)).contains(20L);
        assertThat(read(key, 0, 20)).isEqualTo(content);
        assertThat(new String(read(key, 3, 4), UTF_8)).isEqualTo("3456");
    }

    @Test
    void putOfBytesThenReadsThem() throws IOException {
        byte[] metadata = "Metadata-Version: 2.4\nName: sampleproject\nVersion: 4.0.0\n".getBytes(UTF_8);
        BlobKey key = keyFor(metadata, WHEEL).metadata();

        store().put(key, metadata);

        assertThat(store().size(key)).contains((long) metadata.length);
        assertThat(read(key, 0, metadata.length)).isEqualTo(metadata);
    }

    @Test
    void sizeOfAnAbsentKeyIsEmpty() throws IOException {
        assertThat(store().size(keyFor(new byte[] {1}, WHEEL))).isEmpty();
    }

    @Test
    void openOfAnAbsentKeyFailsAsNoSuchFile() {
        BlobKey absent = keyFor(new byte[] {2}, WHEEL);

        assertThatThrownBy(() -> store().open(absent, 0, 1)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store().open(absent, 0, 0)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void secondPutOfTheSameKeyAndBytesIsANoOp() throws IOException {
        byte[] content = "same bytes".getBytes(UTF_8);
        BlobKey key = keyFor(content, WHEEL);
        store().put(key, staged(content));

        store().put(key, staged(content));
        store().put(key, content);

        assertThat(store().size(key)).contains((long) content.length);
        assertThat(read(key, 0, content.length)).isEqualTo(content);
    }

    @Test
    void anExistingBlobIsNeverReplaced() throws IOException {
        byte[] original = "original".getBytes(UTF_8);
        BlobKey key = keyFor(original, WHEEL);
        store().put(key, original);

        store().put(key, staged("a longer, different body".getBytes(UTF_8)));
        store().put(key, "other".getBytes(UTF_8));

        assertThat(store().size(key)).contains((long) original.length);
        assertThat(read(key, 0, original.length)).isEqualTo(original);
    }

    @Test
    void putConsumesTheStagedFileEvenWhenTheBlobExists() throws IOException {
        byte[] content = "consumed".getBytes(UTF_8);
        BlobKey key = keyFor(content, WHEEL);
        Path first = staged(content);
        Path second = staged(content);

        store().put(key, first);
        store().put(key, second);

        assertThat(first).doesNotExist();
        assertThat(second).doesNotExist();
    }

    @Test
    void blobStaysReadableAfterItsStagedSourceIsDeleted() throws IOException {
        byte[] content = "independent of the staging file".getBytes(UTF_8);
        BlobKey key = keyFor(content, WHEEL);
        Path source = staged(content);

        store().put(key, source);
        Files.deleteIfExists(source);

        assertThat(read(key, 0, content.length)).isEqualTo(content);
    }

    @Test
    void deleteMakesTheBlobAbsent() throws IOException {
        byte[] content = "short-lived".getBytes(UTF_8);
        BlobKey key = keyFor(content, WHEEL);
        store().put(key, content);

        store().delete(key);

        assertThat(store().size(key)).isEmpty();
        assertThatThrownBy(() -> store().open(key, 0, 1)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void listReportsEveryBlobWithItsModificationTime() throws IOException {
        java.time.Instant before = java.time.Instant.now().minusSeconds(5);
        BlobKey wheel = keyFor("listed".getBytes(UTF_8), WHEEL);
        BlobKey other = keyFor("also listed".getBytes(UTF_8), "other-1.0.tar.gz");
        store().put(wheel, "listed".getBytes(UTF_8));
        store().put(wheel.metadata(), "Metadata-Version: 2.1\n".getBytes(UTF_8));
        store().put(other, "also listed".getBytes(UTF_8));

        java.util.List<BlobStore.Listed> listed = new java.util.ArrayList<>();
        store().list(listed::add);

        assertThat(listed).extracting(BlobStore.Listed::key).containsExactlyInAnyOrder(wheel, wheel.metadata(), other);
        assertThat(listed).allSatisfy(entry -> assertThat(entry.lastModified()).isAfter(before));
    }

    @Test
    void deleteOfAnAbsentKeyIsIgnored() throws IOException {
        BlobKey absent = keyFor(new byte[] {3}, WHEEL);

        store().delete(absent);

        assertThat(store().size(absent)).isEmpty();
    }

    @Test
    void rangesInTheMiddleAndAtTheEnd() throws IOException {
        byte[] content = new byte[1000];
        for (int i = 0; i < content.length; i++) {
            content[i] = patternByte(i);
        }
        BlobKey key = keyFor(content, WHEEL);
        store().put(key, staged(content));

        assertThat(read(key, 500, 10)).isEqualTo(slice(content, 500, 10));
        assertThat(read(key, 990, 10)).isEqualTo(slice(content, 990, 10));
        assertThat(read(key, 999, 1)).isEqualTo(slice(content, 999, 1));
        assertThat(read(key, 0, 1)).isEqualTo(slice(content, 0, 1));
        assertThat(read(key, 400, 0)).isEmpty();
    }

    @Test
    void anEmptyFileIsABlobOfSizeZero() throws IOException {
        BlobKey key = keyFor(new byte[0], WHEEL);

        store().put(key, staged(new byte[0]));

        assertThat(store().size(key)).contains(0L);
        assertThat(read(key, 0, 0)).isEmpty();
    }

    @Test
    void aDistributionAndItsMetadataFileAreSeparateBlobs() throws IOException {
        byte[] wheel = "wheel bytes".getBytes(UTF_8);
        byte[] metadata = "Metadata-Version: 2.1\n".getBytes(UTF_8);
        BlobKey wheelKey = keyFor(wheel, WHEEL);
        BlobKey metadataKey = wheelKey.metadata();

        store().put(wheelKey, staged(wheel));
        store().put(metadataKey, metadata);

        assertThat(metadataKey.value()).isEqualTo(wheelKey.value() + ".metadata");
        assertThat(read(wheelKey, 0, wheel.length)).isEqualTo(wheel);
        assertThat(read(metadataKey, 0, metadata.length)).isEqualTo(metadata);

        store().delete(metadataKey);

        assertThat(store().size(metadataKey)).isEmpty();
        assertThat(store().size(wheelKey)).contains((long) wheel.length);
    }

    /**
     * 70 MiB, beyond the S3 adapter's 64 MiB multipart threshold. Written to disk and read back
     * through digests, so the test's heap use stays small whatever the size.
     */
    @Test
    void aLargeFileRoundTripsIntact() throws IOException {
        long size = 70L * 1024 * 1024;
        Path file = scratch.resolve("large.whl");
        MessageDigest written = sha256();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), written)) {
            byte[] chunk = new byte[1 << 16];
            for (long position = 0; position < size; position += chunk.length) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = patternByte(position + i);
                }
                out.write(chunk);
            }
        }
        String expectedSha256 = HexFormat.of().formatHex(written.digest());
        BlobKey key = BlobKey.forFile(expectedSha256, "large-1.0-py3-none-any.whl");

        store().put(key, file);

        assertThat(store().size(key)).contains(size);
        MessageDigest read = sha256();
        try (InputStream in = store().open(key, 0, size)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                read.update(buffer, 0, n);
            }
        }
        assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(expectedSha256);
        long acrossPartBoundary = 16L * 1024 * 1024 - 8;
        byte[] expected = new byte[16];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = patternByte(acrossPartBoundary + i);
        }
        assertThat(read(key, acrossPartBoundary, 16)).isEqualTo(expected);
        assertThat(read(key, size - 3, 3))
                .containsExactly(patternByte(size - 3), patternByte(size - 2), patternByte(size - 1));
    }

    /** A staged file in the test's scratch directory, as the upload pipeline would leave one. */
    Path staged(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(scratch, "upload-", ".part"), content);
    }

    byte[] read(BlobKey key, long offset, long length) throws IOException {
        try (InputStream in = store().open(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    /** A well-formed key for {@code content}; the contract only needs a distinct 64-hex digest. */
    static BlobKey keyFor(byte[] content, String filename) {
        return BlobKey.forFile(HexFormat.of().formatHex(sha256().digest(content)), filename);
    }

    /**
     * A byte that depends on its position through a SplitMix64 step, so there is no short period
     * that could hide parts stored out of order, and any range can be checked without a copy.
     */
    static byte patternByte(long position) {
        long z = (position >>> 3) + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (byte) (z >>> ((position & 7) * 8));
    }

    private static byte[] slice(byte[] content, int offset, int length) {
        byte[] part = new byte[length];
        System.arraycopy(content, offset, part, 0, length);
        return part;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
