package dev.wharf.projects;

import dev.wharf.distributions.FileDigests;
import dev.wharf.distributions.ProjectName;
import dev.wharf.distributions.Version;
import dev.wharf.storage.blob.BlobKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Builds catalogue rows for tests through {@link ProjectRepository}, the way an upload would. */
final class TestCatalogue {
    private final ProjectRepository repository = new ProjectRepository();

    long user(Handle handle, String name) {
        return handle.createQuery("INSERT INTO users (username, email, created_at) VALUES (:n, :e, 1) RETURNING id")
                .bind("n", name)
                .bind("e", name + "@example.org")
                .mapTo(Long.class)
                .one();
    }

    Project project(Handle handle, String displayName, Instant now) {
        ProjectName name = ProjectName.of(displayName);
        return repository.insertProject(handle, name.display(), name.normalized(), name.ultranormalized(), now);
    }

    Release release(Handle handle, Project project, String versionText, Instant now) {
        Version version = Version.parse(versionText);
        return repository.insertRelease(
                handle,
                project.id(),
                version.normalized(),
                version.canonical(),
                version.isPrerelease(),
                Optional.of(">=3.9"),
                Optional.of("A summary"),
                "{}",
                now);
    }

    /** Stores a file row with digests of {@code content} and journals it as an upload would. */
    DistributionFile file(
            Handle handle,
            Project project,
            Release release,
            String filename,
            byte[] content,
            boolean withMetadata,
            Optional<Long> uploader,
            Instant now) {
        FileDigests digests = FileDigests.of(content);
        boolean wheel = filename.endsWith(".whl");
        DistributionFile file = new DistributionFile(
                0,
                release.id(),
                project.id(),
                filename,
                wheel ? "bdist_wheel" : "sdist",
                wheel ? "py3" : "source",
                content.length,
                digests,
                BlobKey.forFile(digests.blake2b256(), filename),
                withMetadata ? Optional.of(FileDigests.of(metadataOf(filename)).sha256()) : Optional.empty(),
                withMetadata ? Optional.of(FileDigests.of(metadataOf(filename)).blake2b256()) : Optional.empty(),
                Optional.of(">=3.9"),
                Optional.empty(),
                now,
                uploader,
                Optional.of("token-id-1"));
        long id = repository.insertFile(handle, file);
        Project current =
                repository.findProject(handle, project.normalizedName()).orElseThrow();
        repository.journal(handle, current, "add file " + filename, content.length, now);
        return new DistributionFile(
                id,
                file.releaseId(),
                file.projectId(),
                file.filename(),
                file.packageType(),
                file.pythonVersion(),
                file.size(),
                file.digests(),
                file.blobKey(),
                file.metadataSha256(),
                file.metadataBlake2b256(),
                file.requiresPython(),
                file.comment(),
                file.uploadTime(),
                file.uploadedBy(),
                file.tokenId());
    }

    static byte[] metadataOf(String filename) {
        return ("Metadata-Version: 2.1\nName: x\nVersion: 1\n\n" + filename).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] contentOf(String filename) {
        return ("content of " + filename).getBytes(StandardCharsets.UTF_8);
    }
}
