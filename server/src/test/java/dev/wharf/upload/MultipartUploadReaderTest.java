package dev.wharf.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.distributions.FileDigests;
import dev.wharf.distributions.StreamingDigester;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartUploadReaderTest {
    private static final String BOUNDARY = "----wharf-test-boundary-7MA4YWxkTrZu0gW";
    private static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;
    private static final Function<List<FormField>, String> TOO_LARGE = fields -> "File too large. Limit for project '"
            + fields.stream()
                    .filter(f -> f.name().equals("name"))
                    .map(FormField::value)
                    .findFirst()
                    .orElse("?")
            + "' is 100 MB. See /help/#file-size-limit for more information.";

    @TempDir
    Path staging;

    /** Builds a multipart/form-data body the way twine and uv do (CRLF, quoted names). */
    private static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body field(String name, String value) {
            return part(
                    "Content-Disposition: form-data; name=\"" + name + "\"", value.getBytes(StandardCharsets.UTF_8));
        }

        Body file(String name, String filename, byte[] bytes) {
            return part(
                    "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                            + "Content-Type: application/octet-stream",
                    bytes);
        }

        Body part(String headers, byte[] bytes) {
            out.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] close() {
            out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        byte[] unclosed() {
            return out.toByteArray();
        }
    }

    private MultipartUploadReader reader(long maxFileSize) {
        return new MultipartUploadReader(staging, maxFileSize);
    }

    private UploadRequest read(byte[] body) throws IOException {
        return reader(1 << 20).read(CONTENT_TYPE, new ByteArrayInputStream(body), TOO_LARGE);
    }

    private long stagedFiles() throws IOException {
        try (Stream<Path> files = Files.list(staging)) {
            return files.count();
        }
    }

    private static byte[] wheelBytes() {
        byte[] bytes = new byte[200_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    @Test
    void fieldsBeforeAndAfterTheContentAreAllKeptInOrder() throws IOException {
        byte[] content = wheelBytes();
        byte[] body = new Body()
                .field(":action", "file_upload")
                .field("name", "foo")
                .field("version", "1.0")
                .file("content", "foo-1.0-py3-none-any.whl", content)
                .field("attestations", "[]")
                .field("description", "Ünïcödé ✓")
                .close();
        try (UploadRequest request = read(body)) {
            assertThat(request.fields())
                    .containsExactly(
                            new FormField(":action", "file_upload"),
                            new FormField("name", "foo"),
                            new FormField("version", "1.0"),
                            new FormField("attestations", "[]"),
                            new FormField("description", "Ünïcödé ✓"));
            StagedContent staged = request.content().orElseThrow();
            assertThat(staged.filename()).isEqualTo("foo-1.0-py3-none-any.whl");
            assertThat(staged.contentType()).contains("application/octet-stream");
            assertThat(staged.size()).isEqualTo(content.length);
            assertThat(staged.digests()).isEqualTo(FileDigests.of(content));
            assertThat(Files.readAllBytes(staged.file())).isEqualTo(content);
            assertThat(staged.file().getParent()).isEqualTo(staging);
            assertThat(request.fieldsSentAsFiles()).isEmpty();
        }
        assertThat(stagedFiles()).isZero();
    }

    @Test
    void emptyContentIsStagedWithTheDigestsOfNothing() throws IOException {
        try (UploadRequest request =
                read(new Body().file("content", "foo-1.0.tar.gz", new byte[0]).close())) {
            assertThat(request.content().orElseThrow().size()).isZero();
            assertThat(request.content().orElseThrow().digests()).isEqualTo(FileDigests.of(new byte[0]));
        }
    }

    @Test
    void bodyWithoutContentHasNoStagedFile() throws IOException {
        try (UploadRequest request =
                read(new Body().field(":action", "file_upload").close())) {
            assertThat(request.content()).isEmpty();
            assertThat(request.fields()).containsExactly(new FormField(":action", "file_upload"));
        }
        assertThat(stagedFiles()).isZero();
    }

    @Test
    void contentWithoutFilenameIsNotTakenAsAFile() throws IOException {
        try (UploadRequest request =
                read(new Body().field("content", "not a file").close())) {
            assertThat(request.content()).isEmpty();
            assertThat(request.fields()).isEmpty();
        }
        assertThat(stagedFiles()).isZero();
    }

    @Test
    void contentOverTheLimitIsRefusedWithTheMessageAndTheStagingFileIsRemoved() throws IOException {
        byte[] body = new Body()
                .field("name", "foo")
                .file("content", "foo-1.0.tar.gz", new byte[1001])
                .close();
        assertThatThrownBy(() -> reader(1000).read(CONTENT_TYPE, new ByteArrayInputStream(body), TOO_LARGE))
                .isInstanceOf(UploadRejectedException.class)
                .hasMessage(
                        "File too large. Limit for project 'foo' is 100 MB. See /help/#file-size-limit for more information.")
                .extracting(e -> ((WharfException) e).refusal())
                .isEqualTo(Refusal.BAD_REQUEST);
        assertThat(stagedFiles()).isZero();
    }

    @Test
    void contentExactlyAtTheLimitIsAccepted() throws IOException {
        byte[] body =
                new Body().file("content", "foo-1.0.tar.gz", new byte[1000]).close();
        try (UploadRequest request = reader(1000).read(CONTENT_TYPE, new ByteArrayInputStream(body), TOO_LARGE)) {
            assertThat(request.content().orElseThrow().size()).isEqualTo(1000);
        }
    }

    @Test
    void fieldOverOneMebibyteIsRefused() throws IOException {
        byte[] body = new Body()
                .file("content", "foo-1.0.tar.gz", wheelBytes())
                .field("description", "x".repeat(MultipartUploadReader.MAX_FIELD_BYTES + 1))
                .close();
        assertThatThrownBy(() -> read(body))
                .isInstanceOf(UploadRejectedException.class)
                .hasMessage("'description' has invalid data: the form field is larger than 1024 KiB");
        assertThat(stagedFiles())
                .as("the content staged before the bad field is removed")
                .isZero();
    }

    @Test
    void fieldOfExactlyOneMebibyteIsAccepted() throws IOException {
        String description = "y".repeat(MultipartUploadReader.MAX_FIELD_BYTES);
        try (UploadRequest request =
                read(new Body().field("description", description).close())) {
            assertThat(request.fields().get(0).value()).hasSize(MultipartUploadReader.MAX_FIELD_BYTES);
        }
    }

    @Test
    void manyFieldsTogetherOverTheTotalAreRefused() {
        Body body = new Body();
        String big = "z".repeat(MultipartUploadReader.MAX_FIELD_BYTES - 10);
        for (int i = 0; i < 5; i++) {
            body.field("classifiers", big);
        }
        byte[] bytes = body.close();
        assertThatThrownBy(() -> read(bytes))
                .isInstanceOf(UploadRejectedException.class)
                .hasMessageStartingWith("'classifiers' has invalid data");
    }

    @Test
    void missingClosingBoundaryIsRefused() throws IOException {
        byte[] body = new Body()
                .field("name", "foo")
                .file("content", "foo-1.0.tar.gz", wheelBytes())
                .unclosed();
        assertThatThrownBy(() -> read(body))
                .isInstanceOf(UploadRejectedException.class)
                .extracting(e -> ((WharfException) e).refusal())
                .isEqualTo(Refusal.BAD_REQUEST);
        assertThat(stagedFiles()).isZero();
    }

    @Test
    void bodyCutInsideTheContentIsRefused() throws IOException {
        byte[] whole =
                new Body().file("content", "foo-1.0.tar.gz", wheelBytes()).close();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> read(cut)).isInstanceOf(UploadRejectedException.class);
        assertThat(stagedFiles()).isZero();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "multipart/mixed; boundary=abc",
                "text/plain; boundary=abc",
                "multipart/form-data; boundary=",
                "multipart/form-data; boundary=\"unterminated"
            })
    void nonMultipartContentTypeIsRefused(String contentType) {
        byte[] body = new Body().field("name", "foo").close();
        assertThatThrownBy(() -> reader(1000).read(contentType, new ByteArrayInputStream(body), TOO_LARGE))
                .isInstanceOf(UploadRejectedException.class)
                .hasMessage(
                        "Uploads must be multipart/form-data with a boundary, as twine, uv, poetry and pdm send them.");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 32, 67, 70})
    void boundariesUpToSeventyCharactersAreAccepted(int length) throws IOException {
        // 32: requests-toolbelt (twine, poetry); 67: uv's four 16-hex-digit groups.
        String boundary = "a".repeat(length);
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nfoo\r\n--" + boundary
                        + "--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (UploadRequest request = reader(1000)
                .read("multipart/form-data; boundary=" + boundary, new ByteArrayInputStream(body), TOO_LARGE)) {
            assertThat(request.fields()).containsExactly(new FormField("name", "foo"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a71", "tab\tinside", "ends-with-space ", "\u00e9t\u00e9", "star*", "brace{}"})
    void boundariesOutsideRfc2046AreRefused(String spec) throws IOException {
        String boundary = spec.equals("a71") ? "a".repeat(71) : spec;
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nfoo\r\n--" + boundary
                        + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader(1000)
                        .read(
                                "multipart/form-data; boundary=\"" + boundary + "\"",
                                new ByteArrayInputStream(body),
                                TOO_LARGE))
                .isInstanceOf(UploadRejectedException.class)
                .hasMessageStartingWith("The multipart boundary must be 1 to 70");
        assertThat(stagedFiles()).isZero();
    }

    @Test
    void quotedBoundaryAndUpperCaseTypeAreAccepted() throws IOException {
        byte[] body = new Body().field("name", "foo").close();
        try (UploadRequest request = reader(1000)
                .read(
                        "Multipart/Form-Data; boundary=\"" + BOUNDARY + "\"",
                        new ByteArrayInputStream(body),
                        TOO_LARGE)) {
            assertThat(request.fields()).containsExactly(new FormField("name", "foo"));
        }
    }

    @Test
    void gpgSignatureFilePartIsToleratedAndDiscarded() throws IOException {
        byte[] body = new Body()
                .file("content", "foo-1.0.tar.gz", wheelBytes())
                .file(
                        "gpg_signature",
                        "foo-1.0.tar.gz.asc",
                        "-----BEGIN PGP SIGNATURE-----".getBytes(StandardCharsets.US_ASCII))
                .close();
        try (UploadRequest request = read(body)) {
            assertThat(request.fieldsSentAsFiles()).isEmpty();
            assertThat(request.fields()).isEmpty();
            assertThat(request.content()).isPresent();
        }
    }

    @Test
    void otherFieldsSentAsFilesAreReported() throws IOException {
        byte[] body = new Body()
                .file("content", "foo-1.0.tar.gz", wheelBytes())
                .file("description", "README.md", "# hi".getBytes(StandardCharsets.UTF_8))
                .file("version", "v.txt", "1.0".getBytes(StandardCharsets.UTF_8))
                .close();
        try (UploadRequest request = read(body)) {
            assertThat(request.fieldsSentAsFiles()).containsExactly("description", "version");
            assertThat(request.fields()).isEmpty();
        }
    }

    @Test
    void secondContentPartIsRefused() throws IOException {
        byte[] body = new Body()
                .file("content", "a-1.0.tar.gz", wheelBytes())
                .file("content", "b-1.0.tar.gz", wheelBytes())
                .close();
        assertThatThrownBy(() -> read(body))
                .isInstanceOf(UploadRejectedException.class)
                .hasMessage("'content' has invalid data");
        assertThat(stagedFiles()).isZero();
    }

    @Test
    void partWithoutNameIsRefused() {
        byte[] body = new Body()
                .part("Content-Disposition: form-data", "x".getBytes(StandardCharsets.US_ASCII))
                .close();
        assertThatThrownBy(() -> read(body))
                .isInstanceOf(UploadRejectedException.class)
                .hasMessage("A multipart part has no field name.");
    }

    @Test
    void partWithoutDispositionIsRefused() {
        byte[] body = new Body()
                .part("Content-Type: text/plain", "x".getBytes(StandardCharsets.US_ASCII))
                .close();
        assertThatThrownBy(() -> read(body))
                .isInstanceOf(UploadRejectedException.class)
                .hasMessage("A multipart part has no Content-Disposition header.");
    }

    /** Fifty mebibytes streamed from a generator: nothing is held in memory, one staging file exists while reading. */
    @Test
    void largeContentStreamsThroughOneStagingFile() throws IOException {
        long size = 50L * 1024 * 1024;
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nfoo\r\n"
                        + "--" + BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"foo-1.0.tar.gz\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        long[] filesSeenMidway = {-1};
        InputStream generated = new GeneratedBody(head, size, tail, () -> {
            try {
                filesSeenMidway[0] = stagedFiles();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        StreamingDigester expected = new StreamingDigester();
        byte[] chunk = new byte[8192];
        for (long done = 0; done < size; done += chunk.length) {
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = GeneratedBody.byteAt(done + i);
            }
            expected.update(chunk, 0, chunk.length);
        }

        UploadRequest request = reader(size).read(CONTENT_TYPE, generated, TOO_LARGE);
        try (request) {
            assertThat(filesSeenMidway[0]).isEqualTo(1);
            assertThat(stagedFiles()).isEqualTo(1);
            StagedContent staged = request.content().orElseThrow();
            assertThat(staged.size()).isEqualTo(size);
            assertThat(Files.size(staged.file())).isEqualTo(size);
            assertThat(staged.digests()).isEqualTo(expected.finish());
            assertThat(request.fields()).containsExactly(new FormField("name", "foo"));
        }
        assertThat(stagedFiles()).isZero();
    }

    /** head, then {@code size} generated bytes, then tail; calls {@code midway} once when half the content is out. */
    private static final class GeneratedBody extends InputStream {
        private final byte[] head;
        private final long size;
        private final byte[] tail;
        private final Runnable midway;
        private long position;
        private boolean midwayCalled;

        GeneratedBody(byte[] head, long size, byte[] tail, Runnable midway) {
            this.head = head;
            this.size = size;
            this.tail = tail;
            this.midway = midway;
        }

        static byte byteAt(long offset) {
            return (byte) ((offset * 7919) ^ (offset >>> 11));
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            long total = head.length + size + tail.length;
            if (position >= total) {
                return -1;
            }
            if (!midwayCalled && position >= head.length + size / 2) {
                midwayCalled = true;
                midway.run();
            }
            int n = (int) Math.min(length, total - position);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                if (p < head.length) {
                    buffer[offset + i] = head[(int) p];
                } else if (p < head.length + size) {
                    buffer[offset + i] = byteAt(p - head.length);
                } else {
                    buffer[offset + i] = tail[(int) (p - head.length - size)];
                }
            }
            position += n;
            return n;
        }
    }
}
