package dev.wharf.projects;

import dev.wharf.distributions.ProjectName;
import dev.wharf.distributions.Version;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.db.Database;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Changes to published projects that are not uploads: yanking (PEP 592, per release as on
 * pypi.org), unyanking, and deleting a file, whose filename then stays reserved forever. Each is
 * journaled (new serial, so cached pages refresh) and recorded as an event.
 */
public final class ProjectService {
    static final int MAX_YANK_REASON = 1000;

    private final Database database;
    private final ProjectRepository projects;
    private final EventRepository events;
    private final BlobStore blobs;
    private final Clock clock;

    public ProjectService(
            Database database, ProjectRepository projects, EventRepository events, BlobStore blobs, Clock clock) {
        this.database = database;
        this.projects = projects;
        this.events = events;
        this.blobs = blobs;
        this.clock = clock;
    }

    /** The project with this normalized name (PEP 503) and {@code userId}'s role on it; empty when either is missing. */
    public Optional<Membership> membership(String normalizedName, long userId) {
        return database.read(handle -> projects.findProject(handle, normalizedName)
                .flatMap(project ->
                        projects.roleOf(handle, project.id(), userId).map(role -> new Membership(project, role))));
    }

    /** The project's releases, newest version first (PEP 440 order), each with its files' names. */
    public List<ReleaseFiles> releasesWithFiles(long projectId) {
        return database.read(handle -> {
            Map<Long, List<String>> filesByRelease = new LinkedHashMap<>();
            for (ProjectFile file : projects.files(handle, projectId)) {
                filesByRelease
                        .computeIfAbsent(file.file().releaseId(), id -> new ArrayList<>())
                        .add(file.file().filename());
            }
            return projects.releases(handle, projectId).stream()
                    .sorted(Release.BY_VERSION.reversed())
                    .map(r -> new ReleaseFiles(r, filesByRelease.getOrDefault(r.id(), List.of())))
                    .toList();
        });
    }

    public int releaseCount(long projectId) {
        return database.read(handle -> projects.releases(handle, projectId)).size();
    }

    /** Projects whose normalized name contains {@code normalizedQuery}, most recently changed first; all when it is empty. */
    public List<ProjectSummary> search(String normalizedQuery, int limit) {
        return database.read(handle -> projects.search(handle, normalizedQuery, limit));
    }

    /** The published file with this exact filename. */
    public Optional<DistributionFile> file(String filename) {
        return database.read(handle -> projects.fileByName(handle, filename));
    }

    /** The projects {@code userId} has a role on, by normalized name. */
    public List<RoleOnProject> projectsOf(long userId) {
        return database.read(handle -> projects.rolesOfUser(handle, userId));
    }

    public void yank(String project, String version, Optional<String> reason, Optional<Long> actor) {
        if (reason.isPresent() && reason.get().length() > MAX_YANK_REASON) {
            throw new WharfException(
                    Refusal.BAD_REQUEST, "A yank reason is at most " + MAX_YANK_REASON + " characters");
        }
        setYanked(project, version, true, reason.map(String::strip).filter(r -> !r.isEmpty()), actor);
    }

    public void unyank(String project, String version, Optional<Long> actor) {
        setYanked(project, version, false, Optional.empty(), actor);
    }

    private void setYanked(
            String projectName, String versionText, boolean yanked, Optional<String> reason, Optional<Long> actor) {
        Version version = Version.parse(versionText);
        database.writeVoid(handle -> {
            Instant now = clock.instant();
            Project project = find(handle, projectName);
            Release release = projects.findRelease(handle, project.id(), version.canonical())
                    .orElseThrow(() -> new WharfException(
                            Refusal.NOT_FOUND,
                            "Project '" + project.name() + "' has no release " + version.normalized()));
            projects.setYanked(handle, release.id(), yanked, reason);
            long serial = projects.journal(
                    handle, project, (yanked ? "yank release " : "unyank release ") + release.version(), 0, now);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("version", release.version());
            reason.ifPresent(r -> detail.put("reason", r));
            detail.put("serial", serial);
            events.record(
                    handle,
                    Optional.of(project.id()),
                    yanked ? "release:yank" : "release:unyank",
                    actor,
                    Optional.empty(),
                    detail,
                    now);
        });
    }

    /** Deletes one file; its name can never be uploaded again (pypi.org's file-name-reuse rule). */
    public void deleteFile(String projectName, String filename, Optional<Long> actor) {
        DistributionFile deleted = database.write(handle -> {
            Instant now = clock.instant();
            Project project = find(handle, projectName);
            DistributionFile file = projects.fileByName(handle, filename)
                    .filter(f -> f.projectId() == project.id())
                    .orElseThrow(() -> new WharfException(
                            Refusal.NOT_FOUND, "Project '" + project.name() + "' has no file " + filename));
            projects.deleteFile(handle, file, now);
            long serial = projects.journal(handle, project, "remove file " + filename, 0, now);
            events.record(
                    handle,
                    Optional.of(project.id()),
                    "file:delete",
                    actor,
                    Optional.empty(),
                    Map.of("filename", filename, "sha256", file.digests().sha256(), "serial", serial),
                    now);
            return file;
        });
        // The row is gone and committed, so nothing links to the blob any more; removing it is cleanup.
        try {
            blobs.delete(deleted.blobKey());
            if (deleted.hasMetadataFile()) {
                blobs.delete(deleted.blobKey().metadata());
            }
        } catch (IOException e) {
            // An unreferenced blob is never served; it only costs space.
        }
    }

    private Project find(org.jdbi.v3.core.Handle handle, String projectName) {
        return projects.findProject(handle, ProjectName.normalize(projectName))
                .orElseThrow(() -> new WharfException(Refusal.NOT_FOUND, "No project named '" + projectName + "'"));
    }
}
