package dev.wharf.index.simple;

import static dev.wharf.html.Html.escape;

import dev.wharf.distributions.Version;
import dev.wharf.index.IndexUrls;
import dev.wharf.index.IndexedFile;
import dev.wharf.index.IndexedProject;
import dev.wharf.projects.ProjectSummary;
import dev.wharf.text.Json;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders simple-API pages: PEP 503 HTML (frozen by PEP 833, so it matches pypi.org's template) and
 * PEP 691 JSON with the fields of PEP 592 (yanked), 629 (api version), 658/714 (core-metadata),
 * 700 (versions, size, upload-time) and 792 (project-status).
 */
public final class SimplePageRenderer {
    /** 1.4 = PEP 792 project-status, the newest feature we emit. */
    public static final String API_VERSION = "1.4";

    private static final DateTimeFormatter UPLOAD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final IndexUrls urls;

    public SimplePageRenderer(IndexUrls urls) {
        this.urls = urls;
    }

    /** The whole root page in HTML: head, one line per project, tail. */
    String rootHtml(List<ProjectSummary> projects) {
        return rootHtmlHead() + rootHtmlEntries(projects) + rootHtmlTail();
    }

    public String rootHtmlHead() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n"
                + "    <meta name=\"pypi:repository-version\" content=\"" + API_VERSION + "\">\n"
                + "    <title>Simple index</title>\n  </head>\n  <body>\n";
    }

    String rootHtmlEntries(List<ProjectSummary> projects) {
        StringBuilder html = new StringBuilder(64 * projects.size());
        for (ProjectSummary project : projects) {
            html.append("    <a href=\"")
                    .append(escape(urls.simpleProjectPath(project.normalizedName())))
                    .append("\">")
                    .append(escape(project.name()))
                    .append("</a>\n");
        }
        return html.toString();
    }

    public String rootHtmlTail() {
        return "  </body>\n</html>\n";
    }

    /** The whole root page in PEP 691 JSON: head, the entries joined by commas, tail. */
    String rootJson(List<ProjectSummary> projects, long serial) {
        return rootJsonHead(serial) + rootJsonEntries(projects) + rootJsonTail();
    }

    String rootJsonHead(long serial) {
        String meta = Json.MAPPER.writeValueAsString(meta(serial));
        return "{\"meta\":" + meta + ",\"projects\":[";
    }

    /** {@code {"name":...,"_last-serial":...}} per project, comma-separated, no comma before or after. */
    String rootJsonEntries(List<ProjectSummary> projects) {
        StringBuilder json = new StringBuilder(48 * projects.size());
        for (ProjectSummary project : projects) {
            if (!json.isEmpty()) {
                json.append(',');
            }
            json.append("{\"name\":")
                    .append(Json.MAPPER.writeValueAsString(project.name()))
                    .append(",\"_last-serial\":")
                    .append(project.lastSerial())
                    .append('}');
        }
        return json.toString();
    }

    String rootJsonTail() {
        return "]}";
    }

    public String projectHtml(IndexedProject project) {
        List<IndexedFile> files = project.files();
        StringBuilder html = new StringBuilder(512 + 400 * files.size());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n")
                .append("    <meta name=\"pypi:repository-version\" content=\"")
                .append(API_VERSION)
                .append("\">\n")
                .append("    <meta name=\"pypi:project-status\" content=\"")
                .append(escape(project.status()))
                .append("\">\n")
                .append("    <title>Links for ")
                .append(escape(project.normalizedName()))
                .append("</title>\n  </head>\n  <body>\n")
                .append("    <h1>Links for ")
                .append(escape(project.normalizedName()))
                .append("</h1>\n");
        for (IndexedFile file : sorted(files)) {
            html.append("    <a href=\"")
                    .append(escape(file.url()))
                    .append("#sha256=")
                    .append(file.sha256())
                    .append('"');
            file.requiresPython()
                    .ifPresent(rp -> html.append(" data-requires-python=\"")
                            .append(escape(rp))
                            .append('"'));
            if (file.yanked()) {
                html.append(" data-yanked=\"")
                        .append(escape(file.yankedReason().orElse("")))
                        .append('"');
            }
            file.coreMetadataSha256()
                    .ifPresent(sha -> html.append(" data-dist-info-metadata=\"sha256=")
                            .append(sha)
                            .append("\" data-core-metadata=\"sha256=")
                            .append(sha)
                            .append('"'));
            html.append(">").append(escape(file.filename())).append("</a><br />\n");
        }
        html.append("  </body>\n</html>\n<!--SERIAL ").append(project.serial()).append("-->\n");
        return html.toString();
    }

    public String projectJson(IndexedProject project) {
        List<IndexedFile> ordered = sorted(project.files());
        Set<String> versions = new LinkedHashSet<>();
        ordered.stream()
                .map(IndexedFile::version)
                .flatMap(Optional::stream)
                .sorted()
                .forEach(v -> versions.add(v.normalized()));
        List<Map<String, Object>> entries = new ArrayList<>(ordered.size());
        for (IndexedFile file : ordered) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("filename", file.filename());
            json.put("url", file.url());
            json.put("hashes", Map.of("sha256", file.sha256()));
            json.put("requires-python", file.requiresPython().orElse(null));
            // PEP 700: size and upload-time; an upstream that publishes neither (PEP 503 HTML) leaves
            // them unknown until the file is fetched, and an unknown value is left out, not invented.
            file.size().ifPresent(size -> json.put("size", size));
            file.uploadTime().ifPresent(time -> json.put("upload-time", UPLOAD_TIME.format(time)));
            json.put(
                    "yanked",
                    file.yanked()
                            ? (Object) file.yankedReason()
                                    .filter(r -> !r.isEmpty())
                                    .map(r -> (Object) r)
                                    .orElse(true)
                            : false);
            // PEP 714: core-metadata, plus the data-dist-info-metadata spelling pypi.org also sends; never the
            // bare "dist-info-metadata" key, on which pip 22.3-23.1 crash.
            Object metadata = file.coreMetadataSha256()
                    .map(sha -> (Object) Map.of("sha256", sha))
                    .orElse(false);
            json.put("core-metadata", metadata);
            json.put("data-dist-info-metadata", metadata);
            json.put("provenance", null);
            entries.add(json);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("meta", meta(project.serial()));
        page.put("name", project.normalizedName());
        page.put("project-status", Map.of("status", project.status()));
        page.put("versions", versions);
        page.put("files", entries);
        return Json.MAPPER.writeValueAsString(page);
    }

    /** pypi.org orders files by (version, filename); files of no known version come first. */
    private static List<IndexedFile> sorted(List<IndexedFile> files) {
        List<IndexedFile> copy = new ArrayList<>(files);
        copy.sort(Comparator.comparing(
                        (IndexedFile f) -> f.version(),
                        Comparator.comparing((Optional<Version> v) -> v.isPresent())
                                .thenComparing(v -> v.orElse(null), Comparator.nullsFirst(Comparator.naturalOrder())))
                .thenComparing(IndexedFile::filename));
        return copy;
    }

    private static Map<String, Object> meta(long serial) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("api-version", API_VERSION);
        meta.put("_last-serial", serial);
        return meta;
    }
}
