package dev.wharf.index.simple;

import static dev.wharf.html.Html.escape;

import dev.wharf.distributions.Version;
import dev.wharf.index.IndexUrls;
import dev.wharf.projects.ProjectFile;
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
import java.util.Set;

/**
 * Renders simple-API pages: PEP 503 HTML (frozen by PEP 833, so it matches pypi.org's template) and
 * PEP 691 JSON with the fields of PEP 592 (yanked), 629 (api version), 658/714 (core-metadata),
 * 700 (versions, size, upload-time) and 792 (project-status).
 */
final class SimplePageRenderer {
    /** 1.4 = PEP 792 project-status, the newest feature we emit. */
    static final String API_VERSION = "1.4";

    private static final DateTimeFormatter UPLOAD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final IndexUrls urls;

    SimplePageRenderer(IndexUrls urls) {
        this.urls = urls;
    }

    /** The whole root page in HTML: head, one line per project, tail. */
    String rootHtml(List<ProjectSummary> projects) {
        return rootHtmlHead() + rootHtmlEntries(projects) + rootHtmlTail();
    }

    String rootHtmlHead() {
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

    String rootHtmlTail() {
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

    String projectHtml(String normalizedName, String status, List<ProjectFile> files, long serial) {
        StringBuilder html = new StringBuilder(512 + 400 * files.size());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n")
                .append("    <meta name=\"pypi:repository-version\" content=\"")
                .append(API_VERSION)
                .append("\">\n")
                .append("    <meta name=\"pypi:project-status\" content=\"")
                .append(escape(status))
                .append("\">\n")
                .append("    <title>Links for ")
                .append(escape(normalizedName))
                .append("</title>\n  </head>\n  <body>\n")
                .append("    <h1>Links for ")
                .append(escape(normalizedName))
                .append("</h1>\n");
        for (ProjectFile entry : sorted(files)) {
            var file = entry.file();
            html.append("    <a href=\"")
                    .append(escape(urls.filePath(file)))
                    .append("#sha256=")
                    .append(file.digests().sha256())
                    .append('"');
            file.requiresPython()
                    .ifPresent(rp -> html.append(" data-requires-python=\"")
                            .append(escape(rp))
                            .append('"'));
            if (entry.yanked()) {
                html.append(" data-yanked=\"")
                        .append(escape(entry.yankedReason().orElse("")))
                        .append('"');
            }
            file.metadataSha256()
                    .ifPresent(sha -> html.append(" data-dist-info-metadata=\"sha256=")
                            .append(sha)
                            .append("\" data-core-metadata=\"sha256=")
                            .append(sha)
                            .append('"'));
            html.append(">").append(escape(file.filename())).append("</a><br />\n");
        }
        html.append("  </body>\n</html>\n<!--SERIAL ").append(serial).append("-->\n");
        return html.toString();
    }

    String projectJson(String normalizedName, String status, List<ProjectFile> files, long serial) {
        List<ProjectFile> ordered = sorted(files);
        Set<String> versions = new LinkedHashSet<>();
        ordered.stream()
                .map(ProjectFile::version)
                .map(Version::parse)
                .sorted()
                .forEach(v -> versions.add(v.normalized()));
        List<Map<String, Object>> entries = new ArrayList<>(files.size());
        for (ProjectFile entry : ordered) {
            var file = entry.file();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("filename", file.filename());
            json.put("url", urls.filePath(file));
            json.put("hashes", Map.of("sha256", file.digests().sha256()));
            json.put("requires-python", file.requiresPython().orElse(null));
            json.put("size", file.size());
            json.put("upload-time", UPLOAD_TIME.format(file.uploadTime()));
            json.put(
                    "yanked",
                    entry.yanked()
                            ? (Object) entry.yankedReason()
                                    .filter(r -> !r.isEmpty())
                                    .map(r -> (Object) r)
                                    .orElse(true)
                            : false);
            // PEP 714: core-metadata, plus the data-dist-info-metadata spelling pypi.org also sends; never the
            // bare "dist-info-metadata" key, on which pip 22.3-23.1 crash.
            Object metadata = file.metadataSha256()
                    .map(sha -> (Object) Map.of("sha256", sha))
                    .orElse(false);
            json.put("core-metadata", metadata);
            json.put("data-dist-info-metadata", metadata);
            json.put("provenance", null);
            entries.add(json);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("meta", meta(serial));
        page.put("name", normalizedName);
        page.put("project-status", Map.of("status", status));
        page.put("versions", versions);
        page.put("files", entries);
        return Json.MAPPER.writeValueAsString(page);
    }

    /** pypi.org orders files by (version, filename). */
    private static List<ProjectFile> sorted(List<ProjectFile> files) {
        List<ProjectFile> copy = new ArrayList<>(files);
        copy.sort(Comparator.comparing((ProjectFile f) -> Version.parse(f.version()))
                .thenComparing(f -> f.file().filename()));
        return copy;
    }

    private static Map<String, Object> meta(long serial) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("api-version", API_VERSION);
        meta.put("_last-serial", serial);
        return meta;
    }
}
