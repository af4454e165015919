package dev.wharf.mirror;

import static dev.wharf.testing.IndexClient.json;
import static dev.wharf.testing.IndexClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.distributions.FileDigests;
import dev.wharf.indexes.IndexName;
import dev.wharf.indexes.MirrorIndex;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.IndexClient;
import dev.wharf.testing.TestWharf;
import dev.wharf.text.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror in front of a static upstream whose answers each test chooses: the cooldown by upload
 * time, hashes that lie, 50 clients at once, PEP 503 HTML, and bad upstreams (oversized, malformed,
 * wrong type, redirected elsewhere, too slow), each answered with a clear 502/504 and nothing cached.
 */
class MirrorUpstreamTest {
    private static final String JSON = "application/vnd.pypi.simple.v1+json";

    @TempDir
    Path scratch;

    private StaticUpstream upstream;
    private TestWharf wharf;
    private IndexClient client;

    @BeforeEach
    void start() throws IOException {
        upstream = new StaticUpstream();
        wharf = TestWharf.start(
                Dialect.SQLITE,
                scratch,
                loader -> loader.flag("mirror.max-page-size", "64KiB")
                        .flag("mirror.page-timeout", "2s")
                        .flag("mirror.idle-timeout", "2s"));
        client = new IndexClient(wharf.url());
    }

    @AfterEach
    void stop() {
        wharf.close();
        upstream.close();
    }

    private void addMirror(String name, Optional<Duration> minAge, Set<String> exempt, Duration ttl) {
        wharf.wharf()
                .indexes()
                .add(new MirrorIndex(
                        new IndexName(name),
                        upstream.url("/simple/"),
                        ttl,
                        minAge,
                        exempt,
                        Optional.empty(),
                        Optional.empty()));
    }

    private void addMirror() {
        addMirror("up", Optional.empty(), Set.of(), Duration.ofMinutes(10));
    }

    /** A file published upstream: its bytes under /files/, listed on the project's JSON page. */
    private record Published(String filename, byte[] bytes, Instant uploaded) {}

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private void publishPage(String project, List<Published> files, Map<String, String> publishedSha256) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Published file : files) {
            upstream.put(
                    "/files/" + file.filename(), StaticUpstream.Answer.ok("application/octet-stream", file.bytes()));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("filename", file.filename());
            entry.put("url", "../../files/" + file.filename());
            entry.put(
                    "hashes",
                    Map.of(
                            "sha256",
                            publishedSha256.getOrDefault(
                                    file.filename(),
                                    FileDigests.of(file.bytes()).sha256())));
            entry.put("size", file.bytes().length);
            entry.put("upload-time", file.uploaded().toString());
            entries.add(entry);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("meta", Map.of("api-version", "1.1", "_last-serial", 7));
        page.put("name", project);
        page.put("files", entries);
        upstream.put("/simple/" + project + "/", StaticUpstream.Answer.ok(JSON, Json.MAPPER.writeValueAsString(page)));
    }

    private List<String> listed(String path) {
        HttpResponse<byte[]> page = client.get(path, "Accept", JSON);
        assertThat(page.statusCode()).as(text(page)).isEqualTo(200);
        List<String> names = new ArrayList<>();
        json(page).path("files").forEach(f -> names.add(f.path("filename").asString()));
        return names;
    }

    @Test
    void theCooldownHidesFilesYoungerThanTheMinimumAgeExceptForExemptProjects() {
        Instant now = Instant.now();
        List<Published> files = List.of(
                new Published("old-1.0.tar.gz", randomBytes(100, 1), now.minus(10, ChronoUnit.DAYS)),
                new Published("old-2.0.tar.gz", randomBytes(100, 2), now.minus(1, ChronoUnit.HOURS)));
        publishPage("old", files, Map.of());
        publishPage("trusted", List.of(new Published("trusted-1.0.tar.gz", randomBytes(10, 3), now)), Map.of());
        addMirror("cool", Optional.of(Duration.ofDays(3)), Set.of("Trusted"), Duration.ofMinutes(10));

        assertThat(listed("/i/cool/simple/old/")).containsExactly("old-1.0.tar.gz");
        assertThat(client.get("/i/cool/files/old/old-2.0.tar.gz").statusCode()).isEqualTo(404);
        assertThat(client.get("/i/cool/files/old/old-1.0.tar.gz").body())
                .isEqualTo(files.getFirst().bytes());
        assertThat(listed("/i/cool/simple/trusted/")).containsExactly("trusted-1.0.tar.gz");
    }

    @Test
    void bytesThatDoNotMatchThePublishedHashAreNeverServedNorStored() throws IOException {
        byte[] real = randomBytes(300_000, 4);
        publishPage(
                "liar",
                List.of(new Published("liar-1.0.tar.gz", real, Instant.now())),
                Map.of("liar-1.0.tar.gz", FileDigests.of(randomBytes(10, 5)).sha256()));
        addMirror();

        HttpResponse<byte[]> first = tryGet("/i/up/files/liar/liar-1.0.tar.gz");
        HttpResponse<byte[]> second = tryGet("/i/up/files/liar/liar-1.0.tar.gz");

        // The first client followed the download: cut short of its Content-Length (never the whole
        // file); the second finds nothing stored and is told why.
        assertThat(first == null || first.statusCode() == 502 || first.body().length < real.length)
                .isTrue();
        assertThat(second).isNotNull();
        assertThat(second.statusCode()).isEqualTo(502);
        assertThat(text(second)).contains("do not match the sha256");
        assertThat(mirrorFileRows()).isZero();
        assertThat(stagedFiles()).isEmpty();
    }

    @Test
    void fiftyConcurrentFirstRequestsMakeOneUpstreamDownloadAndGetIdenticalBytes() throws Exception {
        byte[] bytes = randomBytes(5 * 1024 * 1024, 6);
        publishPage("big", List.of(new Published("big-1.0.tar.gz", bytes, Instant.now())), Map.of());
        addMirror();
        assertThat(listed("/i/up/simple/big/")).containsExactly("big-1.0.tar.gz");
        upstream.delay(300);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI url = URI.create(wharf.url("/i/up/files/big/big-1.0.tar.gz"));
        List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                responses.add(pool.submit(
                        () -> http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray())));
            }
        }
        String expected = FileDigests.of(bytes).sha256();
        for (Future<HttpResponse<byte[]>> response : responses) {
            assertThat(response.get().statusCode()).isEqualTo(200);
            assertThat(FileDigests.of(response.get().body()).sha256()).isEqualTo(expected);
        }
        assertThat(upstream.requests("/files/big-1.0.tar.gz")).isEqualTo(1);
    }

    @Test
    void aPep503HtmlUpstreamIsReadToo() {
        byte[] wheel = randomBytes(2000, 7);
        String sha = FileDigests.of(wheel).sha256();
        upstream.put("/files/plain-1.0-py3-none-any.whl", StaticUpstream.Answer.ok("application/octet-stream", wheel));
        upstream.put(
                "/simple/plain/",
                StaticUpstream.Answer.ok(
                        "text/html",
                        "<!DOCTYPE html><html><body><a href=\"/files/plain-1.0-py3-none-any.whl#sha256=" + sha
                                + "\" data-requires-python=\"&gt;=3.8\">plain-1.0-py3-none-any.whl</a>"
                                + "<a href=\"/files/nohash-1.0.tar.gz\">nohash-1.0.tar.gz</a></body></html>"));
        addMirror();

        HttpResponse<byte[]> page = client.get("/i/up/simple/plain/", "Accept", JSON);

        assertThat(json(page).path("files")).hasSize(1);
        assertThat(json(page).path("files").get(0).path("requires-python").asString())
                .isEqualTo(">=3.8");
        assertThat(client.get("/i/up/files/plain/plain-1.0-py3-none-any.whl").body())
                .isEqualTo(wheel);
    }

    @Test
    void badUpstreamPagesAreAClear502AndNothingIsCached() {
        upstream.put("/simple/huge/", StaticUpstream.Answer.ok(JSON, "{\"x\":\"" + "a".repeat(100_000) + "\"}"));
        upstream.put("/simple/broken/", StaticUpstream.Answer.ok(JSON, "{\"meta\": {"));
        upstream.put("/simple/typed/", StaticUpstream.Answer.ok("application/octet-stream", "{}"));
        upstream.put("/simple/failing/", new StaticUpstream.Answer(503, "text/plain", new byte[0], Map.of(), 0));
        upstream.put(
                "/simple/elsewhere/",
                new StaticUpstream.Answer(
                        302,
                        "text/plain",
                        new byte[0],
                        Map.of(
                                "Location",
                                "http://localhost:" + upstream.url("/").getPort() + "/simple/elsewhere/"),
                        0));
        addMirror();

        assertRefused("/i/up/simple/huge/", 502, "larger than the limit");
        assertRefused("/i/up/simple/broken/", 502, "not valid JSON");
        assertRefused("/i/up/simple/typed/", 502, "Content-Type");
        assertRefused("/i/up/simple/failing/", 502, "HTTP 503");
        assertRefused("/i/up/simple/elsewhere/", 502, "another host");
        assertThat(mirrorPageRows()).isZero();
    }

    @Test
    void anUpstreamThatTricklesIsCutOffWithA504() {
        upstream.put(
                "/simple/slow/",
                StaticUpstream.Answer.ok(JSON, "{\"meta\":{\"api-version\":\"1.1\"},\"files\":[]}".repeat(3))
                        .trickling(500));
        addMirror();

        assertRefused("/i/up/simple/slow/", 504, "timed out");
        assertThat(mirrorPageRows()).isZero();
    }

    @Test
    void aFileThatStallsIsAbandonedAndNothingIsStored() {
        byte[] bytes = randomBytes(20, 8);
        publishPage("stall", List.of(new Published("stall-1.0.tar.gz", bytes, Instant.now())), Map.of());
        upstream.put(
                "/files/stall-1.0.tar.gz",
                StaticUpstream.Answer.ok("application/octet-stream", bytes).trickling(3000));
        addMirror();

        HttpResponse<byte[]> response = tryGet("/i/up/files/stall/stall-1.0.tar.gz");

        assertThat(response == null || response.statusCode() == 504 || response.body().length < bytes.length)
                .as(response == null ? "cut" : response.statusCode() + " " + text(response))
                .isTrue();
        assertThat(mirrorFileRows()).isZero();
        assertThat(stagedFiles()).isEmpty();
    }

    @Test
    void aMissingProjectIsCachedBrieflyAndARevalidationHonoursAYank() {
        addMirror("eager", Optional.empty(), Set.of(), Duration.ZERO);
        assertThat(client.get("/i/eager/simple/ghost/").statusCode()).isEqualTo(404);
        assertThat(client.get("/i/eager/simple/ghost/").statusCode()).isEqualTo(404);
        assertThat(upstream.requests("/simple/ghost/")).isEqualTo(1);

        byte[] bytes = randomBytes(50, 9);
        publishPage("yanky", List.of(new Published("yanky-1.0.tar.gz", bytes, Instant.now())), Map.of());
        assertThat(json(client.get("/i/eager/simple/yanky/", "Accept", JSON))
                        .path("files")
                        .get(0)
                        .path("yanked")
                        .asBoolean())
                .isFalse();
        String yanked = text(client.get("/i/eager/simple/yanky/", "Accept", JSON));
        upstream.put(
                "/simple/yanky/",
                StaticUpstream.Answer.ok(
                        JSON,
                        "{\"meta\":{\"api-version\":\"1.1\"},\"files\":[{\"filename\":\"yanky-1.0.tar.gz\","
                                + "\"url\":\"../../files/yanky-1.0.tar.gz\",\"hashes\":{\"sha256\":\""
                                + FileDigests.of(bytes).sha256() + "\"},\"yanked\":\"broken\"}]}"));
        assertThat(yanked).contains("\"yanked\":false");
        assertThat(json(client.get("/i/eager/simple/yanky/", "Accept", JSON))
                        .path("files")
                        .get(0)
                        .path("yanked")
                        .asString())
                .isEqualTo("broken");
    }

    private void assertRefused(String path, int status, String message) {
        HttpResponse<byte[]> response = client.get(path);
        assertThat(response.statusCode()).as(path + ": " + text(response)).isEqualTo(status);
        assertThat(text(response))
                .as(path)
                .contains(upstream.url("/simple/").toString())
                .contains(message);
    }

    /** A GET whose body may be cut short on purpose: null when the connection broke. */
    private HttpResponse<byte[]> tryGet(String path) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(wharf.url(path)))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long mirrorFileRows() {
        return wharf.wharf()
                .database()
                .read(h -> h.createQuery("SELECT count(*) FROM mirror_files")
                        .mapTo(Long.class)
                        .one());
    }

    private long mirrorPageRows() {
        return wharf.wharf()
                .database()
                .read(h -> h.createQuery("SELECT count(*) FROM mirror_pages WHERE found = :t")
                        .bind("t", true)
                        .mapTo(Long.class)
                        .one());
    }

    private List<Path> stagedFiles() {
        try (Stream<Path> files = Files.list(wharf.wharf().stagingDirectory())) {
            return files.filter(p -> p.getFileName().toString().startsWith("mirror-"))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
