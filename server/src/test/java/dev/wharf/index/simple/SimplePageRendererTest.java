package dev.wharf.index.simple;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.distributions.FileDigests;
import dev.wharf.index.IndexUrls;
import dev.wharf.index.IndexedFile;
import dev.wharf.index.IndexedProject;
import dev.wharf.projects.DistributionFile;
import dev.wharf.projects.ProjectFile;
import dev.wharf.projects.ProjectSummary;
import dev.wharf.storage.blob.BlobKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimplePageRendererTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ANCHOR =
            Pattern.compile("<a href=\"([^\"#]*)#sha256=([0-9a-f]{64})\"([^>]*)>([^<]*)</a>");
    private static final String METADATA_SHA = "ab".repeat(32);

    private final SimplePageRenderer renderer =
            new SimplePageRenderer(new IndexUrls(URI.create("https://pypi.example.org/mirror/")));

    private String projectHtml(String name, String status, List<ProjectFile> files, long serial) {
        return renderer.projectHtml(indexed(name, status, files, serial));
    }

    private String projectJson(String name, String status, List<ProjectFile> files, long serial) {
        return renderer.projectJson(indexed(name, status, files, serial));
    }

    private IndexedProject indexed(String name, String status, List<ProjectFile> files, long serial) {
        IndexUrls urls = new IndexUrls(URI.create("https://pypi.example.org/mirror/"));
        return new IndexedProject(
                name,
                status,
                files.stream().map(f -> IndexedFile.hosted(f, urls)).toList(),
                serial);
    }

    private long nextId = 1;

    private ProjectFile file(
            String filename,
            String version,
            Optional<String> requiresPython,
            boolean yanked,
            Optional<String> reason,
            boolean metadata,
            Instant uploaded) {
        FileDigests digests = FileDigests.of(filename.getBytes(StandardCharsets.UTF_8));
        long id = nextId++;
        DistributionFile file = new DistributionFile(
                id,
                1,
                1,
                filename,
                filename.endsWith(".whl") ? "bdist_wheel" : "sdist",
                filename.endsWith(".whl") ? "py3" : "source",
                1000 + id,
                digests,
                BlobKey.forFile(digests.blake2b256(), filename),
                metadata ? Optional.of(METADATA_SHA) : Optional.empty(),
                metadata ? Optional.of("cd".repeat(32)) : Optional.empty(),
                requiresPython,
                Optional.empty(),
                uploaded,
                Optional.empty(),
                Optional.empty());
        return new ProjectFile(file, version, yanked, reason);
    }

    private ProjectFile plain(String filename, String version) {
        return file(
                filename,
                version,
                Optional.empty(),
                false,
                Optional.empty(),
                false,
                Instant.parse("2026-08-01T12:00:00Z"));
    }

    private static List<MatchResult> anchors(String html) {
        return ANCHOR.matcher(html).results().toList();
    }

    @Test
    void rootHtmlEscapesDisplayNamesAndLinksTheNormalizedName() {
        String html = renderer.rootHtml(
                List.of(new ProjectSummary("Foo.Bar", "foo-bar", 3), new ProjectSummary("<script>&\"'", "evil", 4)));
        assertThat(html).contains("<meta name=\"pypi:repository-version\" content=\"1.4\">");
        assertThat(html).contains("<a href=\"/mirror/simple/foo-bar/\">Foo.Bar</a>");
        assertThat(html).contains("<a href=\"/mirror/simple/evil/\">&lt;script&gt;&amp;&quot;&#39;</a>");
        assertThat(html).doesNotContain("<script>");
    }

    @Test
    void rootJsonListsNamesAndSerials() {
        JsonNode page = JSON.readTree(renderer.rootJson(List.of(new ProjectSummary("Foo.Bar", "foo-bar", 3)), 42));
        assertThat(page.get("meta").get("api-version").asString()).isEqualTo("1.4");
        assertThat(page.get("meta").get("_last-serial").asLong()).isEqualTo(42);
        assertThat(page.get("projects").get(0).get("name").asString()).isEqualTo("Foo.Bar");
        assertThat(page.get("projects").get(0).get("_last-serial").asLong()).isEqualTo(3);
    }

    @Test
    void projectHtmlEscapesRequiresPythonAndYankReason() {
        String html = projectHtml(
                "foo-bar",
                "active",
                List.of(file(
                        "foo_bar-1.0.tar.gz",
                        "1.0",
                        Optional.of(">=3.9,<4"),
                        true,
                        Optional.of("broken <b>build</b> & \"more\""),
                        false,
                        Instant.EPOCH)),
                7);
        assertThat(html).contains(" data-requires-python=\"&gt;=3.9,&lt;4\"");
        assertThat(html).contains(" data-yanked=\"broken &lt;b&gt;build&lt;/b&gt; &amp; &quot;more&quot;\"");
        assertThat(html).doesNotContain("<b>");
        assertThat(html).contains("<title>Links for foo-bar</title>").contains("<h1>Links for foo-bar</h1>");
        assertThat(html).contains("<meta name=\"pypi:project-status\" content=\"active\">");
        assertThat(html).endsWith("<!--SERIAL 7-->\n");
    }

    @Test
    void yankedWithoutReasonHasAnEmptyAttributeAndUnyankedHasNone() {
        String html = projectHtml(
                "foo",
                "active",
                List.of(
                        file("foo-1.0.tar.gz", "1.0", Optional.empty(), true, Optional.empty(), false, Instant.EPOCH),
                        file("foo-2.0.tar.gz", "2.0", Optional.empty(), false, Optional.empty(), false, Instant.EPOCH)),
                1);
        List<MatchResult> anchors = anchors(html);
        assertThat(anchors).hasSize(2);
        assertThat(anchors.get(0).group(3)).contains(" data-yanked=\"\"");
        assertThat(anchors.get(1).group(3)).doesNotContain("data-yanked").doesNotContain("data-requires-python");
    }

    @Test
    void anchorTextIsTheLastPathSegmentOfTheHrefAndTheFragmentIsTheSha256() {
        List<ProjectFile> files = List.of(
                plain("foo_bar-1.0-py3-none-any.whl", "1.0"),
                plain("foo_bar-1.0.tar.gz", "1.0"),
                plain("foo_bar-2.0+local.1-py3-none-any.whl", "2.0+local.1"));
        String html = projectHtml("foo-bar", "active", files, 1);
        List<MatchResult> anchors = anchors(html);
        assertThat(anchors).hasSize(3);
        for (MatchResult anchor : anchors) {
            String href = anchor.group(1);
            assertThat(href).startsWith("/mirror/packages/");
            assertThat(href.substring(href.lastIndexOf('/') + 1)).isEqualTo(anchor.group(4));
            String expectedSha = files.stream()
                    .filter(f -> f.file().filename().equals(anchor.group(4)))
                    .findFirst()
                    .orElseThrow()
                    .file()
                    .digests()
                    .sha256();
            assertThat(anchor.group(2)).isEqualTo(expectedSha);
        }
    }

    @Test
    void coreMetadataIsAdvertisedUnderBothNamesOnlyWhenThereIsAMetadataFile() {
        String html = projectHtml(
                "foo",
                "active",
                List.of(
                        file(
                                "foo-1.0-py3-none-any.whl",
                                "1.0",
                                Optional.empty(),
                                false,
                                Optional.empty(),
                                true,
                                Instant.EPOCH),
                        plain("foo-1.0.tar.gz", "1.0")),
                1);
        List<MatchResult> anchors = anchors(html);
        MatchResult wheel = anchors.stream()
                .filter(a -> a.group(4).endsWith(".whl"))
                .findFirst()
                .orElseThrow();
        MatchResult sdist = anchors.stream()
                .filter(a -> a.group(4).endsWith(".tar.gz"))
                .findFirst()
                .orElseThrow();
        assertThat(wheel.group(3))
                .contains(" data-dist-info-metadata=\"sha256=" + METADATA_SHA + "\"")
                .contains(" data-core-metadata=\"sha256=" + METADATA_SHA + "\"");
        assertThat(sdist.group(3)).doesNotContain("metadata");

        JsonNode page = JSON.readTree(projectJson(
                "foo",
                "active",
                List.of(
                        file(
                                "foo-1.0-py3-none-any.whl",
                                "1.0",
                                Optional.empty(),
                                false,
                                Optional.empty(),
                                true,
                                Instant.EPOCH),
                        plain("foo-1.0.tar.gz", "1.0")),
                1));
        for (JsonNode f : page.get("files")) {
            boolean isWheel = f.get("filename").asString().endsWith(".whl");
            if (isWheel) {
                assertThat(f.get("core-metadata").get("sha256").asString()).isEqualTo(METADATA_SHA);
                assertThat(f.get("data-dist-info-metadata").get("sha256").asString())
                        .isEqualTo(METADATA_SHA);
            } else {
                assertThat(f.get("core-metadata").asBoolean(true)).isFalse();
            }
            // PEP 714: pip 22.3-23.1 crash on this key
            assertThat(f.has("dist-info-metadata")).isFalse();
        }
    }

    @Test
    void jsonDetailHasTheFieldsOfPep691And700And792() {
        ProjectFile yanked = file(
                "foo-0.9.tar.gz",
                "0.9",
                Optional.of(">=3.9"),
                true,
                Optional.of("broken"),
                false,
                Instant.parse("2026-08-01T12:00:00.123456789Z"));
        ProjectFile yankedNoReason =
                file("foo-0.8.tar.gz", "0.8", Optional.empty(), true, Optional.empty(), false, Instant.EPOCH);
        JsonNode page = JSON.readTree(projectJson("foo", "archived", List.of(yanked, yankedNoReason), 12));
        assertThat(page.get("meta").get("api-version").asString()).isEqualTo("1.4");
        assertThat(page.get("meta").get("_last-serial").asLong()).isEqualTo(12);
        assertThat(page.get("name").asString()).isEqualTo("foo");
        assertThat(page.get("project-status").get("status").asString()).isEqualTo("archived");
        JsonNode first = page.get("files").get(0);
        assertThat(first.get("filename").asString()).isEqualTo("foo-0.8.tar.gz");
        assertThat(first.get("yanked").isBoolean()).isTrue();
        assertThat(first.get("yanked").asBoolean()).isTrue();
        assertThat(first.get("requires-python").isNull()).isTrue();
        JsonNode second = page.get("files").get(1);
        assertThat(second.get("yanked").asString()).isEqualTo("broken");
        assertThat(second.get("requires-python").asString()).isEqualTo(">=3.9");
        assertThat(second.get("size").asLong()).isEqualTo(yanked.file().size());
        assertThat(second.get("hashes").get("sha256").asString())
                .isEqualTo(yanked.file().digests().sha256());
        assertThat(second.get("url").asString())
                .isEqualTo("/mirror/packages/" + yanked.file().blobKey().value());
        assertThat(second.get("upload-time").asString()).isEqualTo("2026-08-01T12:00:00.123456Z");
        assertThat(second.get("provenance").isNull()).isTrue();
    }

    @Test
    void uploadTimeAlwaysHasSixFractionDigitsInUtc() {
        List<ProjectFile> files = List.of(
                file("a-1.tar.gz", "1", Optional.empty(), false, Optional.empty(), false, Instant.EPOCH),
                file(
                        "a-2.tar.gz",
                        "2",
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        false,
                        Instant.parse("2026-12-31T23:59:59Z")),
                file(
                        "a-3.tar.gz",
                        "3",
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        false,
                        Instant.parse("2001-02-03T04:05:06.7Z")));
        JsonNode page = JSON.readTree(projectJson("a", "active", files, 1));
        List<String> times = new ArrayList<>();
        page.get("files").forEach(f -> times.add(f.get("upload-time").asString()));
        assertThat(times)
                .allMatch(t -> t.matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$"))
                .containsExactly(
                        "1970-01-01T00:00:00.000000Z", "2026-12-31T23:59:59.000000Z", "2001-02-03T04:05:06.700000Z");
    }

    @Test
    void versionsAndFilesAreSortedByPep440NotAsStrings() {
        List<ProjectFile> files = List.of(
                plain("foo-10.0.tar.gz", "10.0"),
                plain("foo-1.0.post1.tar.gz", "1.0.post1"),
                plain("foo-2.0.tar.gz", "2.0"),
                plain("foo-1.0.tar.gz", "1.0"),
                plain("foo-1.0-py3-none-any.whl", "1.0"),
                plain("foo-1.0rc1.tar.gz", "1.0rc1"),
                plain("foo-1.0.dev0.tar.gz", "1.0.dev0"),
                plain("foo-0.9.tar.gz", "0.9"));
        JsonNode page = JSON.readTree(projectJson("foo", "active", files, 1));
        List<String> versions = new ArrayList<>();
        page.get("versions").forEach(v -> versions.add(v.asString()));
        assertThat(versions).containsExactly("0.9", "1.0.dev0", "1.0rc1", "1.0", "1.0.post1", "2.0", "10.0");
        List<String> filenames = new ArrayList<>();
        page.get("files").forEach(f -> filenames.add(f.get("filename").asString()));
        assertThat(filenames)
                .containsExactly(
                        "foo-0.9.tar.gz",
                        "foo-1.0.dev0.tar.gz",
                        "foo-1.0rc1.tar.gz",
                        "foo-1.0-py3-none-any.whl",
                        "foo-1.0.tar.gz",
                        "foo-1.0.post1.tar.gz",
                        "foo-2.0.tar.gz",
                        "foo-10.0.tar.gz");

        List<String> htmlOrder = anchors(projectHtml("foo", "active", files, 1)).stream()
                .map(a -> a.group(4))
                .toList();
        assertThat(htmlOrder).isEqualTo(filenames);
    }

    @Test
    void versionsAreListedOnceInNormalForm() {
        JsonNode page = JSON.readTree(projectJson(
                "foo", "active", List.of(plain("foo-1.0.tar.gz", "1.0"), plain("foo-1.0-py3-none-any.whl", "1.0")), 1));
        assertThat(page.get("versions").size()).isEqualTo(1);
        assertThat(page.get("versions").get(0).asString()).isEqualTo("1.0");
    }

    @Test
    void projectWithoutFilesRendersEmptyPages() {
        assertThat(anchors(projectHtml("foo", "quarantined", List.of(), 3))).isEmpty();
        JsonNode page = JSON.readTree(projectJson("foo", "quarantined", List.of(), 3));
        assertThat(page.get("files").size()).isZero();
        assertThat(page.get("versions").size()).isZero();
    }
}
