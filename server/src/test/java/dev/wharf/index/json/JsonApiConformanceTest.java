package dev.wharf.index.json;

import static dev.wharf.testing.IndexClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.distributions.FileDigests;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.IndexClient;
import dev.wharf.testing.PublishedProject;
import dev.wharf.testing.TestWharf;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** pypi.org's JSON API (docs.pypi.org/api/json/) as clients read it, on SQLite and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class JsonApiConformanceTest {
    private static final String ISO = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$";

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

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.properties().forEach(e -> names.add(e.getKey()));
        return names;
    }

    private static List<String> filenames(JsonNode files) {
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(f.get("filename").asString()));
        return names;
    }

    @Test
    void projectDocumentNamesTheLatestStableRelease() {
        HttpResponse<byte[]> response = client.get("/pypi/foo-bar/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode document = json(response);
        assertThat(document.get("info").get("version").asString())
                .as("2.0rc1 is a prerelease")
                .isEqualTo("1.0");
        assertThat(document.get("info").get("requires_python").asString()).isEqualTo(">=3.9");
        assertThat(names(document.get("releases"))).containsExactlyInAnyOrder("0.9", "1.0", "2.0rc1");
        assertThat(filenames(document.get("urls")))
                .containsExactlyInAnyOrder(PublishedProject.SDIST_10, PublishedProject.WHEEL_10);
        assertThat(document.get("ownership").get("roles").get(0).get("user").asString())
                .isEqualTo("alice");
    }

    @Test
    void yankedReleasesComeAfterOthers() {
        wharf.wharf().projects().yank("foo-bar", "1.0", Optional.of("bad"), Optional.empty());
        JsonNode info = json(client.get("/pypi/foo-bar/json")).get("info");
        assertThat(info.get("version").asString()).isEqualTo("0.9");
        JsonNode release = json(client.get("/pypi/foo-bar/1.0/json"));
        assertThat(release.get("info").get("yanked").asBoolean()).isTrue();
        assertThat(release.get("info").get("yanked_reason").asString()).isEqualTo("bad");
        assertThat(release.get("urls").get(0).get("yanked").asBoolean()).isTrue();
        assertThat(release.get("urls").get(0).get("yanked_reason").asString()).isEqualTo("bad");
    }

    @Test
    void onlyPrereleasesLeftMeansThePrereleaseIsLatest() {
        wharf.wharf().projects().yank("foo-bar", "1.0", Optional.empty(), Optional.empty());
        wharf.wharf().projects().yank("foo-bar", "0.9", Optional.empty(), Optional.empty());
        assertThat(json(client.get("/pypi/foo-bar/json"))
                        .get("info")
                        .get("version")
                        .asString())
                .isEqualTo("2.0rc1");
    }

    @Test
    void nonNormalizedNameRedirects() {
        HttpResponse<byte[]> response = client.get("/pypi/Foo_Bar/json");
        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/pypi/foo-bar/json");
    }

    @Test
    void releaseByCanonicalVersionHasNoReleasesKey() {
        HttpResponse<byte[]> response = client.get("/pypi/foo-bar/1.0.0/json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = json(response);
        assertThat(document.get("info").get("version").asString()).isEqualTo("1.0");
        assertThat(document.has("releases")).isFalse();
        assertThat(client.get("/pypi/foo-bar/json/").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownProjectOrVersionIs404Json() {
        for (String path : List.of(
                "/pypi/foo-bar/9.9/json", "/pypi/nope/json", "/pypi/foo-bar/not a version/json".replace(" ", "%20"))) {
            HttpResponse<byte[]> response = client.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/json");
            assertThat(json(response).get("message").asString()).isEqualTo("Not Found");
        }
    }

    @Test
    void fileObjectsMatchTheSimpleApi() {
        JsonNode release = json(client.get("/pypi/foo-bar/1.0/json"));
        JsonNode simple = json(client.get("/simple/foo-bar/", "Accept", "application/vnd.pypi.simple.v1+json"));
        for (JsonNode file : release.get("urls")) {
            String filename = file.get("filename").asString();
            byte[] bytes = filename.endsWith(".whl") ? published.wheel10() : published.sdist10();
            FileDigests digests = FileDigests.of(bytes);
            assertThat(file.get("digests").get("sha256").asString()).isEqualTo(digests.sha256());
            assertThat(file.get("digests").get("md5").asString()).isEqualTo(digests.md5());
            assertThat(file.get("digests").get("blake2b_256").asString()).isEqualTo(digests.blake2b256());
            assertThat(file.get("md5_digest").asString()).isEqualTo(digests.md5());
            assertThat(file.get("size").asLong()).isEqualTo(bytes.length);
            assertThat(file.get("upload_time_iso_8601").asString()).matches(ISO);
            assertThat(file.get("upload_time").asString()).matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d$");
            assertThat(file.get("yanked").asBoolean()).isFalse();
            assertThat(file.get("yanked_reason").isNull()).isTrue();
            assertThat(file.get("packagetype").asString())
                    .isEqualTo(filename.endsWith(".whl") ? "bdist_wheel" : "sdist");
            assertThat(file.get("python_version").asString()).isEqualTo(filename.endsWith(".whl") ? "py3" : "source");
            assertThat(client.get(file.get("url").asString()).body()).isEqualTo(bytes);
            String simpleSha = null;
            for (JsonNode s : simple.get("files")) {
                if (s.get("filename").asString().equals(filename)) {
                    simpleSha = s.get("hashes").get("sha256").asString();
                }
            }
            assertThat(file.get("digests").get("sha256").asString()).isEqualTo(simpleSha);
        }
    }

    @Test
    void lastSerialEqualsTheSimpleDetailSerial() {
        HttpResponse<byte[]> json = client.get("/pypi/foo-bar/json");
        String serial = json.headers().firstValue("X-PyPI-Last-Serial").orElseThrow();
        assertThat(client.get("/simple/foo-bar/").headers().firstValue("X-PyPI-Last-Serial"))
                .contains(serial);
        assertThat(json(json).get("last_serial").asLong()).isEqualTo(Long.parseLong(serial));
    }
}
