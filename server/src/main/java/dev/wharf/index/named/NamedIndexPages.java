package dev.wharf.index.named;

import static dev.wharf.html.Html.escape;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.distributions.Version;
import dev.wharf.http.DirectMemory;
import dev.wharf.http.EncodedBody;
import dev.wharf.index.IndexUrls;
import dev.wharf.index.IndexedFile;
import dev.wharf.index.IndexedProject;
import dev.wharf.index.simple.RenderedPage;
import dev.wharf.index.simple.SimpleFormat;
import dev.wharf.index.simple.SimplePageRenderer;
import dev.wharf.indexes.IndexDefinition;
import dev.wharf.indexes.IndexName;
import dev.wharf.text.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pages of the indexes at {@code /i/NAME/}: project pages in both simple-API formats and the JSON
 * API document, rendered and encoded once per {@link SourcedProject#stamp()} and served from a
 * cache, like the hosted pages; root pages are rebuilt at most every {@link #ROOT_TTL}.
 */
public final class NamedIndexPages {
    static final Duration ROOT_TTL = Duration.ofSeconds(10);
    private static final long CACHE_BYTES = DirectMemory.share(0.125, 128L * 1024 * 1024);
    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final IndexSources sources;
    private final SimplePageRenderer renderer;
    private final IndexUrls urls;
    private final Cache<Key, RenderedPage> pages = Caffeine.newBuilder()
            .maximumWeight(CACHE_BYTES)
            .weigher((Key key, RenderedPage page) ->
                    (int) Math.min(Integer.MAX_VALUE, 128 + page.body().storedBytes()))
            .build();
    private final Cache<Key, RenderedPage> roots =
            Caffeine.newBuilder().expireAfterWrite(ROOT_TTL).maximumSize(64).build();

    public NamedIndexPages(IndexSources sources, IndexUrls urls) {
        this.sources = sources;
        this.urls = urls;
        this.renderer = new SimplePageRenderer(urls);
    }

    /** What a page is cached by; {@code kind} tells simple pages from JSON API documents. */
    private record Key(String index, String project, String stamp, String kind) {}

    public Optional<RenderedPage> project(Optional<IndexDefinition> index, String normalizedName, SimpleFormat format) {
        return sources.project(index, normalizedName)
                .map(sourced ->
                        pages.get(new Key(name(index), normalizedName, stamp(index, sourced), format.name()), key -> {
                            IndexedProject project = sourced.project().get();
                            String body =
                                    format.isJson() ? renderer.projectJson(project) : renderer.projectHtml(project);
                            return page(body, project.serial(), format);
                        }));
    }

    /** pypi.org's JSON API document ({@code /pypi/<project>/json}), built from what the index lists. */
    public Optional<RenderedPage> jsonApi(Optional<IndexDefinition> index, String normalizedName) {
        return sources.project(index, normalizedName)
                .map(sourced ->
                        pages.get(new Key(name(index), normalizedName, stamp(index, sourced), "json-api"), key -> {
                            IndexedProject project = sourced.project().get();
                            return page(jsonApiDocument(project), project.serial(), SimpleFormat.V1_JSON);
                        }));
    }

    public RenderedPage root(Optional<IndexDefinition> index, SimpleFormat format) {
        return roots.get(new Key(name(index), "", "", format.name()), key -> {
            List<String> names = sources.names(index);
            String base = urls.basePath() + "/i/" + name(index) + "/simple/";
            String body;
            if (format.isJson()) {
                List<Map<String, Object>> projects = new ArrayList<>(names.size());
                for (String name : names) {
                    projects.add(Map.of("name", name));
                }
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("meta", Map.of("api-version", SimplePageRenderer.API_VERSION, "_last-serial", 0));
                root.put("projects", projects);
                body = Json.MAPPER.writeValueAsString(root);
            } else {
                StringBuilder html = new StringBuilder(renderer.rootHtmlHead());
                for (String name : names) {
                    html.append("    <a href=\"")
                            .append(escape(base + name + "/"))
                            .append("\">")
                            .append(escape(name))
                            .append("</a>\n");
                }
                body = html.append(renderer.rootHtmlTail()).toString();
            }
            return page(body, 0, format);
        });
    }

    private String jsonApiDocument(IndexedProject project) {
        TreeMap<Version, List<Map<String, Object>>> releases = new TreeMap<>();
        for (IndexedFile file : project.files()) {
            if (file.version().isEmpty()) {
                continue;
            }
            releases.computeIfAbsent(file.version().get(), v -> new ArrayList<>())
                    .add(fileObject(file));
        }
        // The latest release as pypi.org picks it: the highest final, non-yanked version if any.
        Optional<Version> latest = releases.descendingKeySet().stream()
                .filter(v -> !v.isPrerelease())
                .filter(v -> project.files().stream().anyMatch(f -> f.version().equals(Optional.of(v)) && !f.yanked()))
                .findFirst()
                .or(() -> releases.isEmpty() ? Optional.empty() : Optional.of(releases.lastKey()));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", project.normalizedName());
        info.put("version", latest.map(Version::normalized).orElse(null));
        info.put(
                "requires_python",
                latest.flatMap(v -> project.files().stream()
                                .filter(f -> f.version().equals(Optional.of(v)))
                                .flatMap(f -> f.requiresPython().stream())
                                .findFirst())
                        .orElse(null));
        info.put("project_url", urls.absolute("/project/" + project.normalizedName() + "/"));
        Map<String, Object> byVersion = new LinkedHashMap<>();
        releases.forEach((version, files) -> byVersion.put(version.normalized(), files));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("info", info);
        document.put("last_serial", project.serial());
        document.put("releases", byVersion);
        document.put("urls", latest.map(releases::get).orElse(List.of()));
        document.put("vulnerabilities", List.of());
        return Json.MAPPER.writeValueAsString(document);
    }

    private Map<String, Object> fileObject(IndexedFile file) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("filename", file.filename());
        json.put("packagetype", file.filename().endsWith(".whl") ? "bdist_wheel" : "sdist");
        json.put("url", urls.absolute(file.url().substring(urls.basePath().length())));
        json.put("digests", Map.of("sha256", file.sha256()));
        json.put("requires_python", file.requiresPython().orElse(null));
        file.size().ifPresent(size -> json.put("size", size));
        file.uploadTime().ifPresent(time -> {
            json.put("upload_time", SECONDS.format(time));
            json.put("upload_time_iso_8601", ISO_MICROS.format(time));
        });
        json.put("yanked", file.yanked());
        json.put("yanked_reason", file.yankedReason().orElse(null));
        return json;
    }

    /** The project's stamp and the index's definition: a changed definition (a new pattern) renders anew. */
    private static String stamp(Optional<IndexDefinition> index, SourcedProject sourced) {
        return sourced.stamp() + "@" + index.map(IndexDefinition::hashCode).orElse(0);
    }

    private static String name(Optional<IndexDefinition> index) {
        return index.map(i -> i.name().value()).orElse(IndexName.HOSTED);
    }

    private static RenderedPage page(String body, long serial, SimpleFormat format) {
        return new RenderedPage(EncodedBody.of(body.getBytes(StandardCharsets.UTF_8)), serial, format);
    }
}
