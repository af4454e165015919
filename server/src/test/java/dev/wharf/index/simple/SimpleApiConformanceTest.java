package dev.wharf.index.simple;

import static dev.wharf.testing.IndexClient.json;
import static dev.wharf.testing.IndexClient.text;
import static dev.wharf.testing.PublishedProject.SDIST_09;
import static dev.wharf.testing.PublishedProject.SDIST_10;
import static dev.wharf.testing.PublishedProject.WHEEL_10;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** The simple API (PEP 503, PEP 691 and their successors), black-box over HTTP, on SQLite and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class SimpleApiConformanceTest {
    static final String JSON_TYPE = "application/vnd.pypi.simple.v1+json";
    static final String PIP =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
    static final String UV =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01";
    static final String POETRY = "application/vnd.pypi.simple.v1+json, */*;q=0.1";
    private static final Pattern ANCHOR = Pattern.compile("<a href=\"([^\"]+)\"([^>]*)>([^<]+)</a>");
    private static final Pattern UPLOAD_TIME =
            Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?Z$");

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

    private record Anchor(String href, String attributes, String text) {
        Optional<String> attribute(String name) {
            Matcher m = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(attributes);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    private List<Anchor> anchors(String html) {
        List<Anchor> anchors = new ArrayList<>();
        Matcher m = ANCHOR.matcher(html);
        while (m.find()) {
            anchors.add(new Anchor(m.group(1), m.group(2), m.group(3)));
        }
        return anchors;
    }

    private Anchor anchor(String filename) {
        return anchors(text(client.get("/simple/foo-bar/"))).stream()
                .filter(a -> a.text.equals(filename))
                .findFirst()
                .orElseThrow();
    }

    private JsonNode jsonFile(String filename) {
        for (JsonNode file : json(client.get("/simple/foo-bar/", "Accept", PIP)).get("files")) {
            if (file.get("filename").asString().equals(filename)) {
                return file;
            }
        }
        throw new AssertionError("no " + filename);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void rootWithoutAcceptIsHtml() {
        HttpResponse<byte[]> response = client.get("/simple/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).startsWith("text/html");
        assertThat(text(response)).contains("<meta name=\"pypi:repository-version\" content=\"1.");
        assertThat(anchors(text(response)))
                .extracting(Anchor::href, Anchor::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/simple/foo-bar/", "foo-bar"));
    }

    @Test
    void rootWithPipAcceptIsJson() {
        HttpResponse<byte[]> response = client.get("/simple/", "Accept", PIP);
        assertThat(header(response, "Content-Type")).isEqualTo(JSON_TYPE);
        JsonNode page = json(response);
        assertThat(page.get("meta").get("api-version").asString()).startsWith("1.");
        assertThat(page.get("projects").get(0).get("name").asString()).isEqualTo("foo-bar");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NONE",
            value = {
                "pip        | application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01 | application/vnd.pypi.simple.v1+json",
                "uv         | application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01 | application/vnd.pypi.simple.v1+json",
                "poetry     | application/vnd.pypi.simple.v1+json, */*;q=0.1 | application/vnd.pypi.simple.v1+json",
                "hatch      | NONE | text/html",
                "any        | */* | text/html",
                "text/html  | text/html | text/html",
                "v1+html    | application/vnd.pypi.simple.v1+html | application/vnd.pypi.simple.v1+html",
                "q honoured | application/vnd.pypi.simple.v1+json;q=0.2, text/html;q=0.9 | text/html",
                "latest alias | application/vnd.pypi.simple.latest+json | application/vnd.pypi.simple.v1+json",
                "latest html alias | application/vnd.pypi.simple.latest+html | application/vnd.pypi.simple.v1+html",
                "plain json | application/json | text/html",
            })
    void contentNegotiation(String client, String accept, String expected) {
        HttpResponse<byte[]> response = accept == null
                ? this.client.get("/simple/foo-bar/")
                : this.client.get("/simple/foo-bar/", "Accept", accept);
        assertThat(response.statusCode()).isEqualTo(200);
        String contentType = header(response, "Content-Type");
        assertThat(contentType.split(";")[0].trim()).as(client).isEqualTo(expected);
        if (expected.equals(JSON_TYPE)) {
            assertThat(contentType).isEqualTo(JSON_TYPE); // uv refuses parameters it does not expect
        }
        assertThat(response.headers().allValues("Vary"))
                .anySatisfy(v -> assertThat(v).containsIgnoringCase("Accept"));
    }

    @Test
    void everySimpleResponseVariesOnAccept() {
        for (String path : List.of("/simple/", "/simple/foo-bar/", "/simple/nope/")) {
            for (String accept : new String[] {"text/html", PIP}) {
                assertThat(client.get(path, "Accept", accept).headers().allValues("Vary"))
                        .as(path)
                        .anySatisfy(v -> assertThat(v).containsIgnoringCase("Accept"));
            }
        }
    }

    @Test
    void redirectsToNormalizedNameAndTrailingSlash() {
        HttpResponse<byte[]> named = client.get("/simple/Foo_Bar/");
        assertThat(named.statusCode()).isEqualTo(301);
        assertThat(header(named, "Location")).endsWith("/simple/foo-bar/");
        HttpResponse<byte[]> slash = client.get("/simple/foo-bar");
        assertThat(slash.statusCode()).isEqualTo(301);
        assertThat(header(slash, "Location")).endsWith("/simple/foo-bar/");
    }

    @Test
    void unknownProjectIs404InBothFormats() {
        assertThat(client.get("/simple/does-not-exist/").statusCode()).isEqualTo(404);
        assertThat(client.get("/simple/does-not-exist/", "Accept", PIP).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anchorsNameTheirFileAndCarryItsSha256() {
        List<Anchor> anchors = anchors(text(client.get("/simple/foo-bar/")));
        assertThat(anchors)
                .extracting(Anchor::text)
                .containsExactlyInAnyOrder(SDIST_09, SDIST_10, WHEEL_10, PublishedProject.WHEEL_20RC1);
        for (Anchor anchor : anchors) {
            String[] hrefAndHash = anchor.href.split("#", 2);
            assertThat(hrefAndHash[0]).endsWith("/" + anchor.text);
            assertThat(hrefAndHash[1]).matches("sha256=[0-9a-f]{64}");
            byte[] bytes = client.get(hrefAndHash[0]).body();
            assertThat(hrefAndHash[1])
                    .isEqualTo("sha256=" + FileDigests.of(bytes).sha256());
        }
    }

    @Test
    void requiresPythonIsEscapedAndOnlyWhereSet() {
        assertThat(anchor(SDIST_10).attribute("data-requires-python")).contains("&gt;=3.9");
        assertThat(anchor(WHEEL_10).attribute("data-requires-python")).contains("&gt;=3.9");
        assertThat(anchor(SDIST_09).attribute("data-requires-python")).isEmpty();
        assertThat(jsonFile(SDIST_10).get("requires-python").asString()).isEqualTo(">=3.9");
    }

    @Test
    void yankedFilesAreMarkedAndUnyankReverts() {
        wharf.wharf().projects().yank("foo-bar", "0.9", Optional.of("broken build"), Optional.empty());
        assertThat(anchor(SDIST_09).attribute("data-yanked")).contains("broken build");
        assertThat(jsonFile(SDIST_09).get("yanked").asString()).isEqualTo("broken build");
        assertThat(anchor(SDIST_10).attribute("data-yanked")).isEmpty();
        assertThat(jsonFile(SDIST_10).get("yanked").asBoolean()).isFalse();

        wharf.wharf().projects().unyank("foo-bar", "0.9", Optional.empty());
        wharf.wharf().projects().yank("foo-bar", "0.9", Optional.empty(), Optional.empty());
        assertThat(anchor(SDIST_09).attribute("data-yanked")).contains("");
        assertThat(jsonFile(SDIST_09).get("yanked").isBoolean()).isTrue();
        assertThat(jsonFile(SDIST_09).get("yanked").asBoolean()).isTrue();

        wharf.wharf().projects().unyank("foo-bar", "0.9", Optional.empty());
        assertThat(anchor(SDIST_09).attribute("data-yanked")).isEmpty();
        assertThat(jsonFile(SDIST_09).get("yanked").asBoolean()).isFalse();
    }

    @Test
    void wheelAdvertisesCoreMetadata() {
        String sha = FileDigests.of(published.wheel10Metadata()).sha256();
        Anchor wheel = anchor(WHEEL_10);
        assertThat(wheel.attribute("data-core-metadata")).contains("sha256=" + sha);
        assertThat(wheel.attribute("data-dist-info-metadata")).contains("sha256=" + sha);
        JsonNode file = jsonFile(WHEEL_10);
        assertThat(file.get("core-metadata").get("sha256").asString()).isEqualTo(sha);
        assertThat(file.has("dist-info-metadata"))
                .as("PEP 714: pip 22.3-23.1 crash on this key")
                .isFalse();
    }

    @Test
    void sdistAdvertisesNoMetadataFile() {
        assertThat(anchor(SDIST_10).attribute("data-core-metadata")).isEmpty();
        assertThat(anchor(SDIST_10).attribute("data-dist-info-metadata")).isEmpty();
        JsonNode core = jsonFile(SDIST_10).get("core-metadata");
        assertThat(core == null || core.isNull() || (core.isBoolean() && !core.asBoolean()))
                .isTrue();
    }

    @Test
    void jsonDetailFields() {
        HttpResponse<byte[]> response = client.get("/simple/foo-bar/", "Accept", UV);
        assertThat(header(response, "Content-Type")).isEqualTo(JSON_TYPE);
        JsonNode page = json(response);
        assertThat(page.get("name").asString()).isEqualTo("foo-bar");
        assertThat(page.get("project-status").get("status").asString()).isEqualTo("active");
        List<String> versions = new ArrayList<>();
        page.get("versions").forEach(v -> versions.add(v.asString()));
        assertThat(versions).containsExactlyInAnyOrder("0.9", "1.0", "2.0rc1");
        for (JsonNode file : page.get("files")) {
            assertThat(file.get("size").isIntegralNumber()).isTrue();
            assertThat(file.get("upload-time").asString()).matches(UPLOAD_TIME);
            assertThat(file.get("hashes").get("sha256").asString()).matches("[0-9a-f]{64}");
            byte[] bytes = client.get(client.resolve(wharf.url("/simple/foo-bar/"))
                            .resolve(file.get("url").asString())
                            .toString())
                    .body();
            assertThat(file.get("size").asLong()).isEqualTo(bytes.length);
            assertThat(FileDigests.of(bytes).sha256())
                    .isEqualTo(file.get("hashes").get("sha256").asString());
            assertThat(file.has("provenance") ? file.get("provenance").isNull() : true)
                    .isTrue();
        }
    }

    @Test
    void projectStatusArchivedStillListsFilesQuarantinedShowsNone() {
        assertThat(text(client.get("/simple/foo-bar/")))
                .contains("<meta name=\"pypi:project-status\" content=\"active\">");
        setStatusAndBumpSerial("archived");
        String html = text(client.get("/simple/foo-bar/"));
        assertThat(html).contains("<meta name=\"pypi:project-status\" content=\"archived\">");
        assertThat(anchors(html)).hasSize(4);
        assertThat(json(client.get("/simple/foo-bar/", "Accept", PIP))
                        .get("project-status")
                        .get("status")
                        .asString())
                .isEqualTo("archived");
        setStatusAndBumpSerial("quarantined");
        assertThat(anchors(text(client.get("/simple/foo-bar/")))).isEmpty();
        assertThat(json(client.get("/simple/foo-bar/", "Accept", PIP)).get("files"))
                .isEmpty();
    }

    /** There is no status API yet; the serial bump stands in for the journal entry a real change writes. */
    private void setStatusAndBumpSerial(String status) {
        wharf.wharf()
                .database()
                .writeVoid(h -> h.execute(
                        "UPDATE projects SET status = ?, last_serial = last_serial + 1000 WHERE normalized_name = 'foo-bar'",
                        status));
    }

    @Test
    void etagAndIfNoneMatch() {
        for (String accept : new String[] {"text/html", PIP}) {
            HttpResponse<byte[]> first = client.get("/simple/foo-bar/", "Accept", accept);
            String etag = header(first, "ETag");
            assertThat(etag).isNotBlank();
            HttpResponse<byte[]> again = client.get("/simple/foo-bar/", "Accept", accept, "If-None-Match", etag);
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
        }
        String htmlTag = header(client.get("/simple/foo-bar/", "Accept", "text/html"), "ETag");
        String jsonTag = header(client.get("/simple/foo-bar/", "Accept", PIP), "ETag");
        assertThat(htmlTag).as("representations have different tags").isNotEqualTo(jsonTag);
    }

    @Test
    void lastSerialIncreasesAfterAnUpload() {
        long before = Long.parseLong(header(client.get("/simple/foo-bar/"), "X-PyPI-Last-Serial"));
        String etagBefore = header(client.get("/simple/foo-bar/"), "ETag");
        RawHttp.Response upload =
                new RawHttp(wharf.url()).upload(UploadForm.wheel("foo-bar", "3.0"), published.authorization());
        assertThat(upload.status()).isEqualTo(200);
        HttpResponse<byte[]> after = client.get("/simple/foo-bar/");
        assertThat(Long.parseLong(header(after, "X-PyPI-Last-Serial"))).isGreaterThan(before);
        assertThat(text(after))
                .contains(TestDistributions.wheel("foo-bar", "3.0").filename());
        assertThat(header(after, "ETag")).isNotEqualTo(etagBefore);
        long root = Long.parseLong(header(client.get("/simple/"), "X-PyPI-Last-Serial"));
        assertThat(root).isGreaterThanOrEqualTo(Long.parseLong(header(after, "X-PyPI-Last-Serial")));
    }

    @Test
    void headHasTheHeadersAndNoBody() {
        HttpResponse<byte[]> get = client.get("/simple/foo-bar/", "Accept", PIP);
        HttpResponse<byte[]> head = client.head("/simple/foo-bar/", "Accept", PIP);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        for (String name : List.of("Content-Type", "ETag", "X-PyPI-Last-Serial", "Vary")) {
            assertThat(header(head, name)).as(name).isEqualTo(header(get, name));
        }
    }

    @Test
    void postToTheSimpleIndexIs405() {
        assertThat(client.send("POST", "/simple/").statusCode()).isEqualTo(405);
    }
}
