package dev.wharf.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.IndexClient;
import dev.wharf.testing.PublishedProject;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cached pages over HTTP in every content coding: each variant decodes to the identity bytes and
 * carries its own ETag, exact Content-Length and matching HEAD and 304; files never are encoded.
 */
class EncodedResponsesTest {
    private static final String PIP_ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
    /** Every cached page: path, Accept. */
    private static final List<String[]> PAGES = List.of(
            new String[] {"/simple/", "text/html"},
            new String[] {"/simple/", PIP_ACCEPT},
            new String[] {"/simple/foo-bar/", "text/html"},
            new String[] {"/simple/foo-bar/", "application/vnd.pypi.simple.v1+html"},
            new String[] {"/simple/foo-bar/", PIP_ACCEPT},
            new String[] {"/pypi/foo-bar/json", "*/*"},
            new String[] {"/pypi/foo-bar/1.0/json", "*/*"});

    @TempDir
    Path scratch;

    private TestWharf wharf;
    private IndexClient client;
    private PublishedProject published;

    @BeforeEach
    void start() {
        wharf = TestWharf.start(Dialect.SQLITE, scratch);
        client = new IndexClient(wharf.url());
        published = PublishedProject.publish(wharf);
    }

    @AfterEach
    void stop() {
        wharf.close();
    }

    static byte[] decode(HttpResponse<byte[]> response) throws IOException {
        String coding = response.headers().firstValue("Content-Encoding").orElse("identity");
        InputStream in = switch (coding) {
            case "identity" -> new ByteArrayInputStream(response.body());
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(response.body()));
            case "zstd" -> new ZstdInputStream(new ByteArrayInputStream(response.body()));
            default -> throw new AssertionError("unexpected Content-Encoding " + coding);
        };
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void everyVariantOfEveryPageDecodesToTheIdentityBytes() throws IOException {
        for (String[] page : PAGES) {
            HttpResponse<byte[]> identity = client.get(page[0], "Accept", page[1]);
            assertThat(identity.statusCode()).as(page[0]).isEqualTo(200);
            assertThat(identity.headers().firstValue("Content-Encoding")).isEmpty();
            Set<String> etags = new HashSet<>();
            etags.add(identity.headers().firstValue("ETag").orElseThrow());
            for (String coding : List.of("gzip", "zstd")) {
                HttpResponse<byte[]> encoded = client.get(page[0], "Accept", page[1], "Accept-Encoding", coding);
                assertThat(encoded.statusCode()).isEqualTo(200);
                assertThat(encoded.headers().firstValue("Content-Encoding"))
                        .as(page[0] + " " + coding)
                        .contains(coding);
                assertThat(encoded.headers().firstValue("Content-Length"))
                        .contains(Integer.toString(encoded.body().length));
                assertThat(encoded.headers().allValues("Vary").toString()).contains("Accept-Encoding");
                assertThat(encoded.headers().firstValue("Content-Type"))
                        .isEqualTo(identity.headers().firstValue("Content-Type"));
                assertThat(decode(encoded)).as(page[0] + " " + coding).isEqualTo(identity.body());
                // The body is written after the other after-handlers: their headers are on it.
                assertThat(encoded.headers().firstValue("X-Content-Type-Options"))
                        .contains("nosniff");
                etags.add(encoded.headers().firstValue("ETag").orElseThrow());
            }
            assertThat(etags)
                    .as("one strong ETag per variant of " + page[0])
                    .hasSize(3)
                    .allMatch(tag -> tag.startsWith("\""));
        }
    }

    @Test
    void pipsRequestGetsGzip() throws IOException {
        HttpResponse<byte[]> response =
                client.get("/simple/foo-bar/", "Accept", PIP_ACCEPT, "Accept-Encoding", "gzip, deflate");
        assertThat(response.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(new String(decode(response), StandardCharsets.UTF_8)).contains("\"name\":\"foo-bar\"");
    }

    @Test
    void headAnswersWithTheHeadersOfTheGetItStandsFor() {
        for (String[] page : PAGES) {
            for (String coding : List.of("identity", "gzip", "zstd")) {
                HttpResponse<byte[]> get = client.get(page[0], "Accept", page[1], "Accept-Encoding", coding);
                HttpResponse<byte[]> head = client.head(page[0], "Accept", page[1], "Accept-Encoding", coding);
                assertThat(head.statusCode()).isEqualTo(200);
                assertThat(head.body()).isEmpty();
                for (String header : List.of(
                        "Content-Length", "Content-Encoding", "Content-Type", "ETag", "Vary", "X-PyPI-Last-Serial")) {
                    assertThat(head.headers().allValues(header))
                            .as(page[0] + " " + coding + " " + header)
                            .isEqualTo(get.headers().allValues(header));
                }
            }
        }
    }

    @Test
    void eachVariantRevalidatesWithItsOwnEtag() {
        for (String[] page : PAGES) {
            String gzipTag = client.get(page[0], "Accept", page[1], "Accept-Encoding", "gzip")
                    .headers()
                    .firstValue("ETag")
                    .orElseThrow();
            String identityTag = client.get(page[0], "Accept", page[1])
                    .headers()
                    .firstValue("ETag")
                    .orElseThrow();

            HttpResponse<byte[]> notModified =
                    client.get(page[0], "Accept", page[1], "Accept-Encoding", "gzip", "If-None-Match", gzipTag);
            assertThat(notModified.statusCode()).as(page[0]).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();
            assertThat(notModified.headers().firstValue("ETag")).contains(gzipTag);
            assertThat(notModified.headers().firstValue("Content-Encoding")).contains("gzip");

            assertThat(client.get(
                                    page[0],
                                    "Accept",
                                    page[1],
                                    "Accept-Encoding",
                                    "gzip",
                                    "If-None-Match",
                                    "W/" + gzipTag)
                            .statusCode())
                    .as("If-None-Match compares weakly")
                    .isEqualTo(304);
            assertThat(client.get(page[0], "Accept", page[1], "If-None-Match", identityTag)
                            .statusCode())
                    .isEqualTo(304);
            // A client holding the gzip variant that now asks for identity gets the identity bytes, and
            // the other way round: an ETag names one representation.
            assertThat(client.get(page[0], "Accept", page[1], "If-None-Match", gzipTag)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(client.get(page[0], "Accept", page[1], "Accept-Encoding", "zstd", "If-None-Match", identityTag)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "[{index}] Accept-Encoding: {0}")
    @CsvSource(
            delimiter = '|',
            value = {"identity;q=0", "*;q=0", "br, identity;q=0"})
    void aClientThatRefusesEveryCodingWeHaveGets406(String acceptEncoding) {
        for (String[] page : PAGES) {
            HttpResponse<byte[]> response = client.get(page[0], "Accept", page[1], "Accept-Encoding", acceptEncoding);
            assertThat(response.statusCode()).as(page[0]).isEqualTo(406);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("identity, gzip or zstd");
        }
    }

    @Test
    void qValuesPickTheVariant() {
        assertThat(client.get("/simple/foo-bar/", "Accept-Encoding", "gzip;q=0.5, zstd;q=0.4")
                        .headers()
                        .firstValue("Content-Encoding"))
                .contains("gzip");
        assertThat(client.get("/simple/foo-bar/", "Accept-Encoding", "gzip;q=0.5, identity")
                        .headers()
                        .firstValue("Content-Encoding"))
                .isEmpty();
        assertThat(client.get("/simple/foo-bar/", "Accept-Encoding", "br")
                        .headers()
                        .firstValue("Content-Encoding"))
                .isEmpty();
    }

    @Test
    void filesRangesAndMetadataAreNeverEncoded() {
        String wheel = "/packages/" + fileUrlPath(PublishedProject.WHEEL_10);
        for (String acceptEncoding : List.of("gzip, deflate", "zstd", "*", "gzip, deflate, br, zstd")) {
            HttpResponse<byte[]> whole = client.get(wheel, "Accept-Encoding", acceptEncoding);
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(whole.body()).isEqualTo(published.wheel10());
            assertThat(whole.headers().firstValue("Content-Length"))
                    .contains(Integer.toString(published.wheel10().length));

            HttpResponse<byte[]> range =
                    client.get(wheel, "Accept-Encoding", acceptEncoding, "Range", "bytes=100-4195");
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(published.wheel10(), 100, 4196));

            HttpResponse<byte[]> metadata = client.get(wheel + ".metadata", "Accept-Encoding", acceptEncoding);
            assertThat(metadata.statusCode()).isEqualTo(200);
            assertThat(metadata.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(metadata.body()).isEqualTo(published.wheel10Metadata());
        }
    }

    @Test
    void aNewProjectIsOnTheRootPageAtOnceInEveryVariant() throws IOException {
        HttpResponse<byte[]> before = client.get("/simple/", "Accept-Encoding", "gzip");
        assertThat(new String(decode(before), StandardCharsets.UTF_8)).doesNotContain("Baz.Qux");
        String token = wharf.userWithToken("bob");
        assertThat(wharf.upload(token, UploadForm.sdist("Baz.Qux", "1.0")).statusCode())
                .isEqualTo(200);
        for (String coding : List.of("identity", "gzip", "zstd")) {
            HttpResponse<byte[]> html = client.get("/simple/", "Accept-Encoding", coding);
            assertThat(new String(decode(html), StandardCharsets.UTF_8))
                    .contains("<a href=\"/simple/baz-qux/\">Baz.Qux</a>");
            HttpResponse<byte[]> json = client.get("/simple/", "Accept", PIP_ACCEPT, "Accept-Encoding", coding);
            assertThat(new String(decode(json), StandardCharsets.UTF_8))
                    .contains("{\"name\":\"Baz.Qux\",\"_last-serial\":");
        }
        assertThat(client.get("/simple/", "Accept-Encoding", "gzip").headers().firstValue("ETag"))
                .isNotEqualTo(before.headers().firstValue("ETag"));
    }

    private String fileUrlPath(String filename) {
        String page = new String(client.get("/simple/foo-bar/").body(), StandardCharsets.UTF_8);
        int at = page.indexOf(filename + "#sha256");
        int start = page.lastIndexOf("/packages/", at);
        return page.substring(start + "/packages/".length(), at + filename.length());
    }
}
