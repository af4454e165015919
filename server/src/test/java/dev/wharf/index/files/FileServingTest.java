package dev.wharf.index.files;

import static dev.wharf.testing.IndexClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.distributions.FileDigests;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.IndexClient;
import dev.wharf.testing.PublishedProject;
import dev.wharf.testing.RawHttp;
import dev.wharf.testing.TestDistributions;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** Distribution files and PEP 658 {@code .metadata} : bytes, ranges, hashes, on SQLite and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class FileServingTest {
    @Parameter
    Dialect dialect;

    @TempDir
    Path scratch;

    private TestWharf wharf;
    private IndexClient client;
    private PublishedProject published;

    @BeforeEach
    void start() {
        wharf = TestWharf.start(dialect, scratch);
        client = new IndexClient(wharf.url());
        published = PublishedProject.publish(wharf);
    }

    @AfterEach
    void stop() {
        wharf.close();
    }

    private JsonNode simpleFile(String filename) {
        for (JsonNode file : json(client.get("/simple/foo-bar/", "Accept", "application/vnd.pypi.simple.v1+json"))
                .get("files")) {
            if (file.get("filename").asString().equals(filename)) {
                return file;
            }
        }
        throw new AssertionError(filename);
    }

    private String url(String filename) {
        return simpleFile(filename).get("url").asString();
    }

    @Test
    void getReturnsTheExactBytes() {
        HttpResponse<byte[]> response = client.get(url(PublishedProject.WHEEL_10));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(published.wheel10());
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(published.wheel10().length);
        assertThat(FileDigests.of(response.body()).sha256())
                .isEqualTo(simpleFile(PublishedProject.WHEEL_10)
                        .get("hashes")
                        .get("sha256")
                        .asString());
    }

    @Test
    void headHasLengthAndAcceptRanges() {
        HttpResponse<byte[]> response = client.head(url(PublishedProject.SDIST_10));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(published.sdist10().length);
        assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
    }

    @Test
    void suffixRangeIsPartialContent() {
        byte[] wheel = published.wheel10();
        assertThat(wheel.length).isGreaterThan(1024);
        HttpResponse<byte[]> response = client.get(url(PublishedProject.WHEEL_10), "Range", "bytes=-1024");
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(wheel, wheel.length - 1024, wheel.length));
        assertThat(response.headers().firstValue("Content-Range"))
                .contains("bytes " + (wheel.length - 1024) + "-" + (wheel.length - 1) + "/" + wheel.length);
    }

    @Test
    void firstBytesRange() {
        HttpResponse<byte[]> response = client.get(url(PublishedProject.WHEEL_10), "Range", "bytes=0-3");
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).containsExactly(0x50, 0x4b, 0x03, 0x04);
    }

    @Test
    void unsatisfiableRangeIs416() {
        HttpResponse<byte[]> response = client.get(url(PublishedProject.WHEEL_10), "Range", "bytes=999999-");
        assertThat(response.statusCode()).isEqualTo(416);
    }

    @Test
    void wheelMetadataIsTheArchivedMetadata() {
        HttpResponse<byte[]> response = client.get(url(PublishedProject.WHEEL_10) + ".metadata");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(published.wheel10Metadata());
        assertThat(FileDigests.of(response.body()).sha256())
                .isEqualTo(simpleFile(PublishedProject.WHEEL_10)
                        .get("core-metadata")
                        .get("sha256")
                        .asString());
        assertThat(client.head(url(PublishedProject.WHEEL_10) + ".metadata").statusCode())
                .isEqualTo(200);
    }

    @Test
    void sdistHasNoMetadataFile() {
        assertThat(client.get(url(PublishedProject.SDIST_10) + ".metadata").statusCode())
                .isEqualTo(404);
    }

    @Test
    void unknownFilesAre404() {
        String wheel = url(PublishedProject.WHEEL_10);
        assertThat(client.get(wheel.replace(PublishedProject.WHEEL_10, "foo_bar-9.9-py3-none-any.whl"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(client.get("/packages/00/00/0000/foo_bar-1.0.tar.gz").statusCode())
                .isEqualTo(404);
        assertThat(client.get("/packages/../../etc/passwd").statusCode()).isBetween(400, 404);
    }

    @Test
    void conditionalGetAnswers304() {
        String url = url(PublishedProject.SDIST_10);
        String etag = client.get(url).headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = client.get(url, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void ifNoneMatchHonoursListsWeakTagsAndTheStar() {
        String url = url(PublishedProject.SDIST_10);
        String etag = client.get(url).headers().firstValue("ETag").orElseThrow();
        // Before, a plain substring test: "*" (any current representation) answered 200.
        assertThat(client.get(url, "If-None-Match", "*").statusCode()).isEqualTo(304);
        assertThat(client.get(url, "If-None-Match", "\"other\", W/" + etag).statusCode())
                .isEqualTo(304);
        assertThat(client.get(url, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void bytesNeverChangeAfterARefusedReUpload() {
        String url = url(PublishedProject.SDIST_10);
        TestDistributions.Sdist changed =
                TestDistributions.sdist("foo-bar", "1.0").put("changed.txt", "x".getBytes());
        RawHttp.Response refused =
                new RawHttp(wharf.url()).upload(UploadForm.sdist("foo-bar", "1.0", changed), published.authorization());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(client.get(url).body()).isEqualTo(published.sdist10());
        assertThat(url(PublishedProject.SDIST_10)).isEqualTo(url);
    }

    @Test
    void deletedFileIsGone() {
        String url = url(PublishedProject.WHEEL_10);
        wharf.wharf().projects().deleteFile("foo-bar", PublishedProject.WHEEL_10, java.util.Optional.empty());
        assertThat(client.get(url).statusCode()).isEqualTo(404);
        assertThat(client.get(url + ".metadata").statusCode()).isEqualTo(404);
    }
}
