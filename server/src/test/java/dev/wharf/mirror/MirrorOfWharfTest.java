package dev.wharf.mirror;

import static dev.wharf.testing.IndexClient.json;
import static dev.wharf.testing.IndexClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.distributions.FileDigests;
import dev.wharf.indexes.IndexName;
import dev.wharf.indexes.MirrorIndex;
import dev.wharf.indexes.ProjectPattern;
import dev.wharf.indexes.VirtualIndex;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.IndexClient;
import dev.wharf.testing.PublishedProject;
import dev.wharf.testing.TestDistributions;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A mirror whose upstream is a second, real Wharf: pages in both formats, files and metadata
 * byte-identical to the upstream's, stale pages served while the upstream is down, and the
 * dependency-confusion rules of a virtual index over it.
 */
class MirrorOfWharfTest {
    private static final String JSON = "application/vnd.pypi.simple.v1+json";

    @TempDir
    Path scratch;

    private TestWharf upstream;
    private TestWharf wharf;
    private PublishedProject published;
    private IndexClient client;

    @BeforeEach
    void start() {
        upstream = TestWharf.start(Dialect.SQLITE, scratch.resolve("upstream"));
        published = PublishedProject.publish(upstream);
        wharf = TestWharf.start(dialect(), scratch.resolve("downstream"));
        wharf.wharf().indexes().add(mirror("pypi", Duration.ofMinutes(10)));
        client = new IndexClient(wharf.url());
    }

    /** The database of the mirroring Wharf. */
    Dialect dialect() {
        return Dialect.SQLITE;
    }

    @AfterEach
    void stop() {
        if (wharf != null) {
            wharf.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private MirrorIndex mirror(String name, Duration ttl) {
        return new MirrorIndex(
                new IndexName(name),
                URI.create(upstream.url("/simple/")),
                ttl,
                Optional.empty(),
                Set.of(),
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void aMirrorPageListsTheUpstreamFilesAtItsOwnUrls() {
        HttpResponse<byte[]> page = client.get("/i/pypi/simple/foo-bar/", "Accept", JSON);

        assertThat(page.statusCode()).as(text(page)).isEqualTo(200);
        JsonNode files = json(page).path("files");
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(f.path("filename").asString()));
        assertThat(names)
                .containsExactlyInAnyOrder(
                        PublishedProject.SDIST_09,
                        PublishedProject.SDIST_10,
                        PublishedProject.WHEEL_10,
                        PublishedProject.WHEEL_20RC1);
        files.forEach(f -> assertThat(f.path("url").asString()).startsWith("/i/pypi/files/foo-bar/"));
        assertThat(json(page).path("versions").toString()).contains("0.9", "1.0", "2.0rc1");
        HttpResponse<byte[]> html = client.get("/i/pypi/simple/foo-bar/");
        assertThat(text(html)).contains("/i/pypi/files/foo-bar/" + PublishedProject.WHEEL_10 + "#sha256=");
    }

    @Test
    void aMirroredFileIsByteIdenticalToTheUpstreamsAndServedAgainWithoutIt() {
        String url = fileUrl("foo-bar", PublishedProject.WHEEL_10);

        HttpResponse<byte[]> first = client.get(url);
        assertThat(first.statusCode()).as(text(first)).isEqualTo(200);
        assertThat(first.body()).isEqualTo(published.wheel10());
        assertThat(first.headers().firstValue("Content-Length")).hasValue(Integer.toString(published.wheel10().length));

        upstream.close();
        upstream = null;
        HttpResponse<byte[]> again = client.get(url);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(published.wheel10());
        HttpResponse<byte[]> range = client.get(url, "Range", "bytes=0-9");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).hasSize(10);
        assertThat(again.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("immutable"));
    }

    @Test
    void aStoredFileWhoseBlobWentMissingIsFetchedAgain() throws Exception {
        String url = fileUrl("foo-bar", PublishedProject.WHEEL_10);
        assertThat(client.get(url).body()).isEqualTo(published.wheel10());
        try (var files = java.nio.file.Files.walk(wharf.dataDirectory().resolve("files"))) {
            for (Path blob : files.filter(p -> p.getFileName().toString().equals(PublishedProject.WHEEL_10))
                    .toList()) {
                java.nio.file.Files.delete(blob);
            }
        }

        HttpResponse<byte[]> again = client.get(url);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(published.wheel10());
    }

    @Test
    void theCoreMetadataComesFromTheUpstreamAndMatchesItsHash() {
        JsonNode wheel = fileEntry("foo-bar", PublishedProject.WHEEL_10);
        String expected = wheel.path("core-metadata").path("sha256").asString();
        assertThat(expected).hasSize(64);

        HttpResponse<byte[]> metadata = client.get(wheel.path("url").asString() + ".metadata");

        assertThat(metadata.statusCode()).as(text(metadata)).isEqualTo(200);
        assertThat(FileDigests.of(metadata.body()).sha256()).isEqualTo(expected);
        assertThat(metadata.body()).isEqualTo(published.wheel10Metadata());
    }

    @Test
    void whenTheUpstreamStopsCachedPagesAreStillServedAndUncachedOnesAnswer502() {
        wharf.wharf().indexes().add(mirror("eager", Duration.ZERO));
        assertThat(client.get("/i/eager/simple/foo-bar/").statusCode()).isEqualTo(200);
        String upstreamUrl = upstream.url("/simple/");
        upstream.close();
        upstream = null;

        HttpResponse<byte[]> stale = client.get("/i/eager/simple/foo-bar/");
        HttpResponse<byte[]> uncached = client.get("/i/eager/simple/never-fetched/");

        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(text(stale)).contains(PublishedProject.WHEEL_10);
        assertThat(uncached.statusCode()).isEqualTo(502);
        assertThat(text(uncached)).contains(upstreamUrl).contains("connection refused");
    }

    @Test
    void anUnknownUpstreamProjectIs404() {
        assertThat(client.get("/i/pypi/simple/no-such-project/").statusCode()).isEqualTo(404);
        assertThat(client.get("/i/nope/simple/foo-bar/").statusCode()).isEqualTo(404);
    }

    @Test
    void aHostedNameIsServedFromHostedOnlyUntilItsOwnerAllowsMerging() {
        publish(upstream, "acme-internal", "99.0");
        publish(wharf, "acme-internal", "1.0");
        wharf.wharf().indexes().add(virtual("all", List.of()));

        assertThat(versions("/i/all/simple/acme-internal/")).containsExactly("1.0");

        wharf.wharf().indexes().setMergeAllowed("Acme_Internal", true, Optional.empty());
        assertThat(versions("/i/all/simple/acme-internal/")).containsExactly("1.0", "99.0");

        wharf.wharf().indexes().setMergeAllowed("acme-internal", false, Optional.empty());
        assertThat(versions("/i/all/simple/acme-internal/")).containsExactly("1.0");
    }

    @Test
    void aProtectedPatternKeepsUpstreamNamesOutEvenWithoutAHostedProject() {
        publish(upstream, "acme-tools", "5.0");
        wharf.wharf().indexes().add(virtual("all", List.of(new ProjectPattern("ACME_*"))));

        assertThat(client.get("/i/all/simple/acme-tools/").statusCode()).isEqualTo(404);
        assertThat(client.get("/i/pypi/simple/acme-tools/").statusCode()).isEqualTo(200);
        assertThat(versions("/i/all/simple/foo-bar/")).containsExactly("0.9", "1.0", "2.0rc1");
    }

    @Test
    void theDefaultIndexDecidesWhatSimpleServes() {
        publish(wharf, "local-only", "1.0");
        wharf.wharf().indexes().add(virtual("all", List.of()));
        assertThat(client.get("/simple/foo-bar/").statusCode()).isEqualTo(404);

        wharf.wharf().indexes().setDefault(new IndexName("all"));

        assertThat(versions("/simple/foo-bar/")).containsExactly("0.9", "1.0", "2.0rc1");
        assertThat(versions("/simple/local-only/")).containsExactly("1.0");
        wharf.wharf().indexes().setDefault(new IndexName("hosted"));
        assertThat(client.get("/simple/foo-bar/").statusCode()).isEqualTo(404);
    }

    @Test
    void theJsonApiOfAMirrorNamesTheLatestReleaseAndItsFiles() {
        HttpResponse<byte[]> response = client.get("/i/pypi/pypi/foo-bar/json");

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        JsonNode document = json(response);
        assertThat(document.path("info").path("version").asString()).isEqualTo("1.0");
        assertThat(document.path("releases").has("2.0rc1")).isTrue();
        assertThat(document.path("urls")).hasSize(2);
    }

    private VirtualIndex virtual(String name, List<ProjectPattern> protect) {
        return new VirtualIndex(new IndexName(name), List.of(new IndexName("hosted"), new IndexName("pypi")), protect);
    }

    private List<String> versions(String path) {
        HttpResponse<byte[]> page = client.get(path, "Accept", JSON);
        assertThat(page.statusCode()).as(path + ": " + text(page)).isEqualTo(200);
        List<String> versions = new ArrayList<>();
        json(page).path("versions").forEach(v -> versions.add(v.asString()));
        return versions;
    }

    private JsonNode fileEntry(String project, String filename) {
        HttpResponse<byte[]> page = client.get("/i/pypi/simple/" + project + "/", "Accept", JSON);
        for (JsonNode file : json(page).path("files")) {
            if (file.path("filename").asString().equals(filename)) {
                return file;
            }
        }
        throw new AssertionError(filename + " not listed: " + text(page));
    }

    private String fileUrl(String project, String filename) {
        return fileEntry(project, filename).path("url").asString();
    }

    private static void publish(TestWharf target, String name, String version) {
        String token = target.wharf().users().find("publisher").isPresent()
                ? target.scopedToken("publisher", Set.of())
                : target.userWithToken("publisher");
        TestDistributions.Wheel wheel = TestDistributions.wheel(name, version);
        HttpResponse<String> response =
                target.upload(token, UploadForm.wheel(name, version, wheel).content(wheel.bytes()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
