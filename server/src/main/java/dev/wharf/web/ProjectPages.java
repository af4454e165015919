package dev.wharf.web;

import dev.wharf.distributions.ProjectName;
import dev.wharf.distributions.Version;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Builds {@link ProjectPage}s from the catalogue. Read-only; one read transaction per page. */
public final class ProjectPages {
    private static final DateTimeFormatter UPLOADED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Database database;
    private final ProjectRepository projects;
    private final IndexUrls urls;
    private final ReadmeRenderer readme = new ReadmeRenderer();

    public ProjectPages(Database database, ProjectRepository projects, IndexUrls urls) {
        this.database = database;
        this.projects = projects;
        this.urls = urls;
    }

    /** The page of a project at a version (the latest, as the JSON API chooses it, when none is given). */
    public Optional<ProjectPage> page(String normalizedName, Optional<String> requestedVersion) {
        return database.read(handle -> {
            Optional<Project> found = projects.findProject(handle, normalizedName);
            if (found.isEmpty()) {
                return Optional.<ProjectPage>empty();
            }
            Project project = found.get();
            List<Release> releases = new ArrayList<>(projects.releases(handle, project.id()));
            releases.sort(Release.BY_VERSION.reversed());
            List<ProjectFile> files = projects.files(handle, project.id());
            Optional<Release> selected;
            if (requestedVersion.isPresent()) {
                Optional<Version> wanted = parse(requestedVersion.get());
                selected = wanted.flatMap(v -> releases.stream()
                        .filter(r -> Version.parse(r.version()).equals(v))
                        .findFirst());
                if (selected.isEmpty()) {
                    return Optional.<ProjectPage>empty();
                }
            } else {
                selected = LatestRelease.of(releases, files);
            }
            Map<Long, String> publishers = projects.publisherClaims(handle, project.id());
            List<String> owners = projects.roles(handle, project.id()).stream()
                    .filter(role -> role[0].equals("Owner"))
                    .map(role -> role[1])
                    .toList();
            return Optional.of(build(project, selected, releases, files, publishers, owners));
        });
    }

    private ProjectPage build(
            Project project,
            Optional<Release> selected,
            List<Release> releases,
            List<ProjectFile> files,
            Map<Long, String> publishers,
            List<String> owners) {
        String version = selected.map(Release::version).orElse("");
        JsonNode metadata =
                selected.map(r -> Json.MAPPER.readTree(r.metadataJson())).orElse(Json.MAPPER.createObjectNode());
        List<ProjectPage.VersionEntry> versions = releases.stream()
                .map(r -> new ProjectPage.VersionEntry(
                        r.version(),
                        urls.basePath() + "/project/" + project.normalizedName() + "/" + r.version() + "/",
                        r.version().equals(version),
                        r.yanked(),
                        r.prerelease()))
                .toList();
        List<ProjectPage.FileEntry> entries = new ArrayList<>();
        for (ProjectFile entry : files) {
            if (selected.isEmpty() || entry.file().releaseId() != selected.get().id()) {
                continue;
            }
            var file = entry.file();
            entries.add(new ProjectPage.FileEntry(
                    file.filename(),
                    urls.filePath(file),
                    file.packageType().equals("sdist") ? "Source" : "Wheel",
                    size(file.size()),
                    file.digests().sha256(),
                    UPLOADED.format(file.uploadTime()),
                    Optional.ofNullable(publishers.get(file.id())).map(ProjectPages::publisherLine)));
        }
        entries.sort(Comparator.comparing(ProjectPage.FileEntry::filename));
        String pinned = version.isEmpty() ? "" : "==" + version;
        return new ProjectPage(
                project.name(),
                project.normalizedName(),
                project.status(),
                version,
                selected.flatMap(Release::summary),
                selected.flatMap(Release::requiresPython),
                selected.map(Release::yanked).orElse(false),
                selected.flatMap(Release::yankedReason),
                "pip install --index-url " + urls.absolute("/simple/") + " " + project.normalizedName() + pinned,
                readme.render(text(metadata, "description"), text(metadata, "descriptionContentType")),
                versions,
                entries,
                links(metadata),
                owners);
    }

    /** From the claims recorded with the file: GitHub's repository and workflow@ref, or GitLab's equivalents. */
    static ProjectPage.PublisherLine publisherLine(String claimsJson) {
        JsonNode claims = Json.MAPPER.readTree(claimsJson);
        Optional<String> href =
                text(claims, "publisher_url").filter(u -> u.startsWith("https://") || u.startsWith("http://"));
        Optional<String> repository = text(claims, "repository").or(() -> text(claims, "project_path"));
        Optional<String> workflowRef = text(claims, "job_workflow_ref")
                .or(() -> text(claims, "ci_config_ref_uri"))
                .map(ref -> {
                    int slash = ref.lastIndexOf('/', Math.max(0, ref.indexOf('@')));
                    return slash >= 0 ? ref.substring(slash + 1) : ref;
                });
        if (repository.isPresent()) {
            return new ProjectPage.PublisherLine(
                    "Published from " + repository.get()
                            + workflowRef.map(w -> ", workflow " + w).orElse("") + " by a trusted publisher",
                    href);
        }
        return new ProjectPage.PublisherLine(
                "Published by trusted publisher " + text(claims, "publisher").orElse("(unknown)"), href);
    }

    private static List<ProjectPage.Link> links(JsonNode metadata) {
        List<ProjectPage.Link> links = new ArrayList<>();
        JsonNode urls = metadata.get("projectUrls");
        if (urls != null && urls.isArray()) {
            urls.forEach(entry -> {
                String url = entry.path("url").asString("");
                String lower = url.toLowerCase(Locale.ROOT);
                if (lower.startsWith("https://") || lower.startsWith("http://")) {
                    links.add(new ProjectPage.Link(entry.path("label").asString("Link"), url));
                }
            });
        }
        text(metadata, "homePage")
                .filter(u -> u.startsWith("https://") || u.startsWith("http://"))
                .ifPresent(u -> links.add(0, new ProjectPage.Link("Homepage", u)));
        return links;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asString());
    }

    private static Optional<Version> parse(String version) {
        try {
            return Optional.of(Version.parse(version));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    /** For search: the normalized form of what a person typed (the name rules of PEP 503). */
    static String normalizedQuery(String query) {
        return ProjectName.normalize(query.strip()).replaceAll("[^a-z0-9-]", "");
    }
}
