package dev.wharf.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class EncodedBodyTest {
    static byte[] gunzip(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    static byte[] unzstd(byte[] zstd) throws IOException {
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(zstd))) {
            return in.readAllBytes();
        }
    }

    private static void assertDecodesTo(EncodedBody body, byte[] identity) throws IOException {
        assertThat(body.variant(ContentCoding.IDENTITY).bytes()).isEqualTo(identity);
        assertThat(gunzip(body.variant(ContentCoding.GZIP).bytes())).isEqualTo(identity);
        assertThat(unzstd(body.variant(ContentCoding.ZSTD).bytes())).isEqualTo(identity);
        for (ContentCoding coding : ContentCoding.values()) {
            EncodedBody.Variant variant = body.variant(coding);
            assertThat(variant.bytes()).hasSize(Math.toIntExact(variant.length()));
            assertThat(variant.bytes())
                    .as("reading a variant leaves it whole for the next reader")
                    .isEqualTo(variant.bytes());
        }
    }

    @Test
    void oneSegmentDecodesToItsBytesInEveryCoding() throws IOException {
        byte[] page = "<a href=\"/simple/x/\">x</a>\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
        EncodedBody body = EncodedBody.of(page);
        assertDecodesTo(body, page);
        assertThat(body.variant(ContentCoding.GZIP).length()).isLessThan(page.length / 10);
        assertThat(body.variant(ContentCoding.ZSTD).length()).isLessThan(page.length / 10);
    }

    @Test
    void segmentsJoinIntoOneStreamPerCodingIncludingEmptyAndIncompressibleOnes() throws IOException {
        Random random = new Random(7);
        List<Segment> segments = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        byte[] noise = new byte[70_000];
        random.nextBytes(noise);
        String incompressible = java.util.HexFormat.of().formatHex(noise);
        for (String text : List.of("{\"meta\":1,\"projects\":[", "", "{\"name\":\"a\"}", ",", incompressible, "]}")) {
            segments.add(Segment.of(text));
            expected.append(text);
        }
        assertDecodesTo(EncodedBody.of(segments), expected.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aOneSegmentBodyIsOneBufferPerCodingAndAManySegmentBodySharesItsSegments() {
        EncodedBody page = EncodedBody.of("page".repeat(100).getBytes(StandardCharsets.UTF_8));
        for (ContentCoding coding : ContentCoding.values()) {
            assertThat(page.variant(coding).parts()).as(coding.token()).hasSize(1);
        }
        EncodedBody root = EncodedBody.of(List.of(Segment.of("a"), Segment.of("b"), Segment.of("c")));
        assertThat(root.variant(ContentCoding.IDENTITY).parts()).hasSize(3);
        assertThat(root.variant(ContentCoding.GZIP).parts())
                .as("header, three segments, final block, trailer")
                .hasSize(6);
    }

    @Test
    void anEmptyBodyIsValidInEveryCoding() throws IOException {
        assertDecodesTo(EncodedBody.of(new byte[0]), new byte[0]);
        assertDecodesTo(EncodedBody.of(List.of()), new byte[0]);
    }

    @Test
    void eachCodingHasItsOwnStrongEtagAndTheSameBytesTheSameTags() {
        EncodedBody body = EncodedBody.of("page".getBytes(StandardCharsets.UTF_8));
        List<String> tags = new ArrayList<>();
        for (ContentCoding coding : ContentCoding.values()) {
            tags.add(body.variant(coding).etag());
        }
        assertThat(tags).doesNotHaveDuplicates().allMatch(tag -> tag.matches("\"[0-9a-f]{32}(-gzip|-zstd)?\""));
        assertThat(EncodedBody.of("page".getBytes(StandardCharsets.UTF_8))
                        .variant(ContentCoding.GZIP)
                        .etag())
                .isEqualTo(body.variant(ContentCoding.GZIP).etag());
        assertThat(EncodedBody.of("page!".getBytes(StandardCharsets.UTF_8))
                        .variant(ContentCoding.IDENTITY)
                        .etag())
                .isNotEqualTo(body.variant(ContentCoding.IDENTITY).etag());
    }

    @Test
    void gzipTrailerCarriesTheLengthModulo2To32() throws IOException {
        byte[] page = new byte[300_000];
        new Random(3).nextBytes(page);
        byte[] gzip = EncodedBody.of(List.of(Segment.of(page), Segment.of(page)))
                .variant(ContentCoding.GZIP)
                .bytes();
        int isize = (gzip[gzip.length - 4] & 0xff)
                | (gzip[gzip.length - 3] & 0xff) << 8
                | (gzip[gzip.length - 2] & 0xff) << 16
                | (gzip[gzip.length - 1] & 0xff) << 24;
        assertThat(isize).isEqualTo(600_000);
        assertThat(gunzip(gzip)).hasSize(600_000);
    }
}
