package dev.wharf.index.json;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.distributions.Version;
import dev.wharf.http.DirectMemory;
import dev.wharf.http.EncodedBody;
import dev.wharf.index.IndexUrls;
import dev.wharf.projects.LatestRelease;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectFile;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.projects.Release;
import dev.wharf.storage.db.Database;
import dev.wharf.text.Json;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * pypi.org's legacy JSON API ({@code /pypi/<project>/json} and {@code /pypi/<project>/<version>/json},
 * docs.pypi.org/api/json/): release metadata from the first upload of each release, file objects with
 * digests and yank state, and the project's roles. Documents are rendered and encoded once per change
 * and served from a cache, as the simple pages are.
 */
public final class JsonApi {
    /** Up to 128 MiB, and no more than an eighth of what direct buffers may take. */
    private static final long CACHE_BYTES = DirectMemory.share(0.125, 128L * 1024 * 1024);

    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Database database;
    private final ProjectRepository projects;
    private final IndexUrls urls;
    private final Cache<CacheKey, Document> cache = Caffeine.newBuilder()
            .maximumWeight(CACHE_BYTES)
            .weigher((CacheKey key, Document document) -> weight(document))
            .build();

    public JsonApi(Database database, ProjectRepository projects, IndexUrls urls) {
        this.database = database;
        this.projects = projects;
        this.urls = urls;
    }

    /** A rendered response, encoded once, and the serial for X-PyPI-Last-Serial. */
    public record Document(EncodedBody body, long serial) {}

    /**
     * A document is a function of the project's serial (every upload, yank and removal moves it)
     * and of its roles (which do not move it), so both are in the key.
     */
    private record CacheKey(String project, String version, long serial, String roles) {}

    public Optional<Document> project(String normalizedName) {
        return database.read(handle -> {
            Optional<Project> project = projects.findProject(handle, normalizedName);
            if (project.isEmpty()) {
                return Optional.empty();
            }
            List<String[]> roles = projects.roles(handle, project.get().id());
            CacheKey key = new CacheKey(normalizedName, "", project.get().lastSerial(), fingerprint(roles));
            Document cached = cache.getIfPresent(key);
            if (cached != null) {
                return Optional.of(cached);
            }
            List<Release> releases = projects.releases(handle, project.get().id());
            List<ProjectFile> files = projects.files(handle, project.get().id());
            Optional<Release> latest = LatestRelease.of(releases, files);
            if (latest.isEmpty()) {
                return Optional.empty();
            }
            Map<Long, String> publishers =
                    projects.publisherClaims(handle, project.get().id());
            Map<String, Object> document = release(project.get(), latest.get(), files, roles, publishers);
            Map<String, Object> byVersion = new LinkedHashMap<>();
            releases.stream()
                    .sorted(Release.BY_VERSION)
                    .forEach(r -> byVersion.put(r.version(), fileObjects(files, r, publishers)));
            document.put("releases", byVersion);
            return Optional.of(remember(key, document, project.get().lastSerial()));
        });
    }

    public Optional<Document> release(String normalizedName, String version) {
        Version parsed;
        try {
            parsed = Version.parse(version);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return database.read(handle -> {
            Optional<Project> project = projects.findProject(handle, normalizedName);
            if (project.isEmpty()) {
                return Optional.empty();
            }
            Optional<Release> release =
                    projects.findRelease(handle, project.get().id(), parsed.canonical());
            if (release.isEmpty()) {
                return Optional.empty();
            }
            List<String[]> roles = projects.roles(handle, project.get().id());
            // Keyed by the release's own version string: /1.0/ and /1.0.0/ render the same release.
            CacheKey key = new CacheKey(
                    normalizedName, release.get().version(), project.get().lastSerial(), fingerprint(roles));
            Document cached = cache.getIfPresent(key);
            if (cached != null) {
                return Optional.of(cached);
            }
            List<ProjectFile> files = projects.files(handle, project.get().id());
            Map<String, Object> document = release(
                    project.get(),
                    release.get(),
                    files,
                    roles,
                    projects.publisherClaims(handle, project.get().id()));
            return Optional.of(remember(key, document, project.get().lastSerial()));
        });
    }

    private Document remember(CacheKey key, Map<String, Object> document, long serial) {
        Document rendered = new Document(EncodedBody.of(Json.MAPPER.writeValueAsBytes(document)), serial);
        cache.put(key, rendered);
        return rendered;
    }

    private static String fingerprint(List<String[]> roles) {
        StringBuilder text = new StringBuilder();
        for (String[] role : roles) {
            text.append(role[0]).append('\u0000').append(role[1]).append('\n');
        }
        return text.toString();
    }

    private static int weight(Document document) {
        return (int) Math.min(Integer.MAX_VALUE, 256 + document.body().storedBytes());
    }

    private Map<String, Object> release(
            Project project,
            Release release,
            List<ProjectFile> files,
            List<String[]> roles,
            Map<Long, String> publishers) {
        Map<String, Object> info = new LinkedHashMap<>();
        JsonNode metadata = Json.MAPPER.readTree(release.metadataJson());
        info.put("author", text(metadata, "author"));
        info.put("author_email", text(metadata, "authorEmail"));
        info.put("bugtrack_url", null);
        info.put("classifiers", list(metadata, "classifiers"));
        info.put("description", text(metadata, "description"));
        info.put("description_content_type", text(metadata, "descriptionContentType"));
        info.put("docs_url", null);
        info.put("download_url", text(metadata, "downloadUrl"));
        info.put("downloads", Map.of("last_day", -1, "last_month", -1, "last_week", -1));
        info.put("dynamic", nullIfEmpty(list(metadata, "dynamic")));
        info.put("home_page", text(metadata, "homePage"));
        info.put("keywords", text(metadata, "keywords"));
        info.put("license", text(metadata, "license"));
        info.put("license_expression", text(metadata, "licenseExpression"));
        info.put("license_files", nullIfEmpty(list(metadata, "licenseFiles")));
        info.put("maintainer", text(metadata, "maintainer"));
        info.put("maintainer_email", text(metadata, "maintainerEmail"));
        info.put("name", project.name());
        info.put("package_url", urls.absolute("/project/" + project.name() + "/"));
        info.put("platform", null);
        info.put("project_url", urls.absolute("/project/" + project.name() + "/"));
        info.put("project_urls", projectUrls(metadata));
        info.put("provides_extra", nullIfEmpty(list(metadata, "providesExtra")));
        info.put("release_url", urls.absolute("/project/" + project.name() + "/" + release.version() + "/"));
        info.put("requires_dist", nullIfEmpty(list(metadata, "requiresDist")));
        info.put("requires_python", release.requiresPython().orElse(null));
        info.put("summary", release.summary().orElse(null));
        info.put("version", release.version());
        info.put("yanked", release.yanked());
        info.put("yanked_reason", release.yankedReason().orElse(null));

        List<Map<String, Object>> ownership = new ArrayList<>();
        for (String[] role : roles) {
            ownership.add(Map.of("role", role[0], "user", role[1]));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("info", info);
        document.put("last_serial", project.lastSerial());
        document.put("ownership", Map.of("roles", ownership));
        document.put("urls", fileObjects(files, release, publishers));
        document.put("vulnerabilities", List.of());
        return document;
    }

    private List<Map<String, Object>> fileObjects(
            List<ProjectFile> files, Release release, Map<Long, String> publishers) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (ProjectFile entry : files) {
            if (entry.file().releaseId() != release.id()) {
                continue;
            }
            var file = entry.file();
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("comment_text", file.comment().orElse(null));
            object.put(
                    "core-metadata",
                    file.metadataSha256()
                            .map(sha -> (Object) Map.of("sha256", sha))
                            .orElse(false));
            object.put(
                    "digests",
                    Map.of(
                            "blake2b_256",
                            file.digests().blake2b256(),
                            "md5",
                            file.digests().md5(),
                            "sha256",
                            file.digests().sha256()));
            object.put("downloads", -1);
            object.put("filename", file.filename());
            object.put("has_sig", false);
            object.put("md5_digest", file.digests().md5());
            object.put("packagetype", file.packageType());
            object.put("python_version", file.pythonVersion());
            object.put("requires_python", file.requiresPython().orElse(null));
            object.put("size", file.size());
            object.put("upload_time", SECONDS.format(file.uploadTime()));
            object.put("upload_time_iso_8601", ISO_MICROS.format(file.uploadTime()));
            object.put("url", urls.fileUrl(file));
            object.put("yanked", release.yanked());
            object.put("yanked_reason", release.yankedReason().orElse(null));
            // Wharf's addition: files published through a trusted publisher say which one and from
            // which CI run (repository, workflow, ref, sha, environment), as the OIDC token stated.
            String claims = publishers.get(file.id());
            if (claims != null) {
                object.put("trusted_publisher", Json.MAPPER.readTree(claims));
            }
            objects.add(object);
        }
        objects.sort(Comparator.comparing(o -> (String) o.get("filename")));
        return objects;
    }

    private static Object nullIfEmpty(List<String> values) {
        return values.isEmpty() ? null : values;
    }

    private static String text(JsonNode metadata, String field) {
        JsonNode node = metadata.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    private static List<String> list(JsonNode metadata, String field) {
        JsonNode node = metadata.get(field);
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(v -> values.add(v.asString()));
        }
        return values;
    }

    private static Object projectUrls(JsonNode metadata) {
        JsonNode node = metadata.get("projectUrls");
        if (node == null || node.isNull() || node.isEmpty()) {
            return null;
        }
        // Stored as CoreMetadata's list of {label, url}; pypi.org shows a label -> url object.
        Map<String, String> urls = new LinkedHashMap<>();
        if (node.isArray()) {
            node.forEach(entry -> {
                JsonNode label = entry.get("label");
                JsonNode url = entry.get("url");
                if (label != null && url != null) {
                    urls.put(label.asString(), url.asString());
                }
            });
        } else if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> urls.put(e.getKey(), e.getValue().asString()));
        }
        return urls.isEmpty() ? null : urls;
    }
}
