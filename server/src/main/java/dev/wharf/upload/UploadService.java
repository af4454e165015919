package dev.wharf.upload;

import dev.wharf.config.WharfConfig.UploadPolicy;
import dev.wharf.distributions.CoreMetadata;
import dev.wharf.distributions.FileDigests;
import dev.wharf.distributions.FormMetadata;
import dev.wharf.distributions.MetadataValidator;
import dev.wharf.distributions.ProjectName;
import dev.wharf.distributions.Version;
import dev.wharf.distributions.WheelFilename;
import dev.wharf.errors.Refusal;
import dev.wharf.projects.DistributionFile;
import dev.wharf.projects.EventRepository;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.projects.Release;
import dev.wharf.storage.blob.BlobKey;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.db.Database;
import dev.wharf.text.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The upload pipeline of {@code POST /legacy/}, in pypi.org's order (Warehouse
 * {@code forklift/legacy.py}), as small steps. Three phases keep "nothing half-written is ever
 * visible":
 * <ol>
 *   <li>checks that need no writes: form, metadata, filename, digests, archive, and a read-only
 *       look at the catalogue for permission and duplicates (so refusals come in pypi.org's order);</li>
 *   <li>the blob (and the wheel's METADATA) is put into the blob store, where nothing points at it yet;</li>
 *   <li>one database transaction re-checks everything that concurrent uploads could change and records
 *       the project, release, file, serial and event. If it fails, the blobs it would have published are
 *       removed again unless a committed file already uses them.</li>
 * </ol>
 */
public final class UploadService {
    private final Database database;
    private final ProjectRepository projects;
    private final EventRepository events;
    private final BlobStore blobs;
    private final UploadPolicy policy;
    private final ProjectGate gate;
    private final DistributionInspector inspector;
    private final Clock clock;

    public UploadService(
            Database database,
            ProjectRepository projects,
            EventRepository events,
            BlobStore blobs,
            UploadPolicy policy,
            DistributionInspector inspector,
            PublisherLinks publishers,
            String helpUrl,
            Clock clock) {
        this.database = database;
        this.projects = projects;
        this.events = events;
        this.blobs = blobs;
        this.policy = policy;
        this.inspector = inspector;
        this.gate = new ProjectGate(projects, publishers, helpUrl);
        this.clock = clock;
    }

    /** The message for a file over the size limit; the project is named when the form has come already. */
    public String fileTooLargeMessage(List<FormField> fieldsSoFar) {
        String name = fieldsSoFar.stream()
                .filter(f -> f.name().equals("name"))
                .map(FormField::value)
                .findFirst()
                .orElse("this project");
        return "File too large. Limit for project '" + name + "' is " + humanSize(policy.maxFileSize())
                + ". Ask the index administrator to raise upload.max-file-size.";
    }

    public UploadOutcome upload(Uploader uploader, UploadRequest request) {
        // Step 1: pypi.org's "sanitize" - only content and gpg_signature may be file parts.
        if (!request.fieldsSentAsFiles().isEmpty()) {
            throw UploadRejectedException.badRequest(
                    request.fieldsSentAsFiles().getFirst() + ": Should not be a tuple.");
        }
        UploadForm form = UploadForm.of(request.fields());
        UploadFields.checkProtocol(form);
        // Steps 3-4: metadata first (metadata-version, name, version, then alphabetical), then control fields.
        CoreMetadata metadata = FormMetadata.fromForm(form::all);
        MetadataValidator.validate(metadata);
        ProjectName name = ProjectName.of(metadata.name());
        Version version = Version.parse(metadata.version());
        UploadFields fields = UploadFields.parse(form);
        // Step 5.
        StagedContent content = request.content()
                .orElseThrow(() -> UploadRejectedException.badRequest("Upload payload does not have a file."));
        // Steps 6-7, read-only: permission and project rules, so a stranger learns nothing from later checks.
        database.read(handle -> {
            Optional<Project> existing = projects.findProject(handle, name.normalized());
            if (existing.isPresent()) {
                gate.checkMayUpload(handle, existing.get(), uploader);
            } else {
                gate.checkMayCreate(handle, name, uploader);
            }
            return null;
        });
        // Steps 11-13.
        FilenameRules.checkShape(content.filename(), fields.fileType());
        checkContentType(content);
        checkDigests(fields, content.digests());
        // Steps 14-16 and the size and sdist rules, read-only first.
        DuplicateCheck duplicate = database.read(handle -> checkDuplicates(handle, name, version, fields, content));
        if (duplicate == DuplicateCheck.IDENTICAL) {
            return UploadOutcome.IDENTICAL_FILE_EXISTS;
        }
        // Steps 19-21: archive, filename grammar, metadata binding.
        InspectedDistribution inspected;
        if (fields.fileType() == UploadFields.FileType.WHEEL) {
            WheelFilename wheel =
                    FilenameRules.checkWheel(content.filename(), name, version, policy.allowAnyPlatformTag());
            inspected = inspector.inspectWheel(content.file(), content.filename(), wheel, name, version, metadata);
        } else {
            FilenameRules.checkSdist(content.filename(), name, version);
            inspected = inspector.inspectSdist(content.file(), content.filename(), name, version, metadata);
        }
        return publish(uploader, name, version, metadata, fields, content, inspected);
    }

    private enum DuplicateCheck {
        NEW,
        IDENTICAL
    }

    /**
     * pypi.org's rules, in its order: the same filename with the same bytes is a no-op; the same
     * filename or the same BLAKE2b-256 digest otherwise is "File already exists"; a deleted file's name
     * is never reused; then the project size limit and one sdist per release.
     */
    private DuplicateCheck checkDuplicates(
            Handle handle, ProjectName name, Version version, UploadFields fields, StagedContent content) {
        List<DistributionFile> sameNameOrBytes = projects.filesByNameOrBlake2(
                handle, content.filename(), content.digests().blake2b256());
        for (DistributionFile existing : sameNameOrBytes) {
            if (existing.filename().equals(content.filename())
                    && existing.digests().sha256().equals(content.digests().sha256())
                    && existing.digests().blake2b256().equals(content.digests().blake2b256())) {
                return DuplicateCheck.IDENTICAL;
            }
        }
        if (!sameNameOrBytes.isEmpty()) {
            DistributionFile existing = sameNameOrBytes.getFirst();
            throw UploadRejectedException.badRequest("File already exists ('" + existing.filename()
                    + "', with blake2_256 hash '" + existing.digests().blake2b256()
                    + "'). See " + gate.helpUrl() + "#file-name-reuse for more information.");
        }
        if (projects.filenameWasDeleted(handle, content.filename())) {
            throw UploadRejectedException.badRequest("This filename was previously used by a file that has since been "
                    + "deleted. Use a different version. See " + gate.helpUrl()
                    + "#file-name-reuse for more information.");
        }
        Optional<Project> project = projects.findProject(handle, name.normalized());
        long currentSize = project.map(Project::totalSize).orElse(0L);
        if (currentSize + content.size() > policy.maxProjectSize()) {
            throw UploadRejectedException.badRequest("Project size too large. Limit for project '" + name.display()
                    + "' total size is " + humanSize(policy.maxProjectSize())
                    + ". Ask the index administrator to raise upload.max-project-size.");
        }
        if (fields.fileType() == UploadFields.FileType.SDIST && project.isPresent()) {
            Optional<Release> release =
                    projects.findRelease(handle, project.get().id(), version.canonical());
            if (release.isPresent()
                    && projects.releaseHasSdist(handle, release.get().id())) {
                throw UploadRejectedException.badRequest("Only one sdist may be uploaded per release.");
            }
        }
        return DuplicateCheck.NEW;
    }

    private UploadOutcome publish(
            Uploader uploader,
            ProjectName name,
            Version version,
            CoreMetadata metadata,
            UploadFields fields,
            StagedContent content,
            InspectedDistribution inspected) {
        BlobKey key = BlobKey.forFile(content.digests().blake2b256(), content.filename());
        Optional<FileDigests> metadataDigests = inspected.coreMetadata().map(FileDigests::of);
        try {
            blobs.put(key, content.file());
            if (inspected.coreMetadata().isPresent()) {
                blobs.put(key.metadata(), inspected.coreMetadata().get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not store " + content.filename(), e);
        }
        try {
            return database.write(
                    handle -> record(handle, uploader, name, version, metadata, fields, content, key, metadataDigests));
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException raced) {
            // A concurrent upload of the same filename or bytes committed first (unique constraints on
            // PostgreSQL's READ COMMITTED): answer as if it had come first, identical or conflicting.
            removeUnpublished(key);
            if (database.read(handle -> checkDuplicates(handle, name, version, fields, content))
                    == DuplicateCheck.IDENTICAL) {
                return UploadOutcome.IDENTICAL_FILE_EXISTS;
            }
            throw raced;
        } catch (RuntimeException e) {
            removeUnpublished(key);
            throw e;
        }
    }

    private UploadOutcome record(
            Handle handle,
            Uploader uploader,
            ProjectName name,
            Version version,
            CoreMetadata metadata,
            UploadFields fields,
            StagedContent content,
            BlobKey key,
            Optional<FileDigests> metadataDigests) {
        Instant now = clock.instant();
        Optional<Project> existing = projects.findProject(handle, name.normalized());
        Project project;
        if (existing.isPresent()) {
            project = existing.get();
            gate.checkMayUpload(handle, project, uploader);
        } else {
            project = gate.createOrJoin(handle, name, uploader, now);
        }
        // Step 8: the display name follows the latest upload's metadata Name.
        if (!project.name().equals(name.display())) {
            projects.renameProject(handle, project.id(), name.display());
        }
        if (checkDuplicates(handle, name, version, fields, content) == DuplicateCheck.IDENTICAL) {
            return UploadOutcome.IDENTICAL_FILE_EXISTS;
        }
        Release release = projects.findRelease(handle, project.id(), version.canonical())
                .orElseGet(() -> projects.insertRelease(
                        handle,
                        project.id(),
                        version.normalized(),
                        version.canonical(),
                        version.isPrerelease(),
                        metadata.requiresPython(),
                        metadata.summary(),
                        Json.MAPPER.writeValueAsString(metadata),
                        now));
        DistributionFile file = new DistributionFile(
                0,
                release.id(),
                project.id(),
                content.filename(),
                fields.fileType().formValue,
                fields.pyversion(),
                content.size(),
                content.digests(),
                key,
                metadataDigests.map(FileDigests::sha256),
                metadataDigests.map(FileDigests::blake2b256),
                metadata.requiresPython(),
                fields.comment(),
                now,
                uploader.userId(),
                Optional.of(uploader.tokenId()));
        long fileId = projects.insertFile(handle, file);
        if (uploader.isPublisher()) {
            projects.recordPublisher(
                    handle,
                    fileId,
                    uploader.publisherId().orElseThrow(),
                    Json.MAPPER.writeValueAsString(uploader.publisherClaims()));
        }
        long serial = projects.journal(
                handle,
                project,
                "add " + fields.fileType().formValue + " file " + content.filename(),
                content.size(),
                now);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("filename", content.filename());
        detail.put("version", version.normalized());
        detail.put("size", content.size());
        detail.put("md5", content.digests().md5());
        detail.put("sha256", content.digests().sha256());
        detail.put("blake2b_256", content.digests().blake2b256());
        detail.put("serial", serial);
        uploader.publisherId().ifPresent(id -> {
            detail.put("publisher_id", id);
            detail.put("publisher_claims", uploader.publisherClaims());
        });
        events.record(
                handle,
                Optional.of(project.id()),
                "file:upload",
                uploader.userId(),
                Optional.of(uploader.tokenId()),
                detail,
                now);
        return UploadOutcome.STORED;
    }

    private void removeUnpublished(BlobKey key) {
        boolean referenced = database.read(handle -> projects.blobReferenced(handle, key.value()));
        if (!referenced) {
            try {
                blobs.delete(key);
                blobs.delete(key.metadata());
            } catch (IOException ignored) {
                // an unreferenced blob is never served; it only costs space
            }
        }
    }

    /** Step 12: all clients send application/octet-stream; pypi.org refuses none and image/*. */
    private static void checkContentType(StagedContent content) {
        if (content.contentType().isEmpty()
                || content.contentType()
                        .get()
                        .toLowerCase(java.util.Locale.ROOT)
                        .startsWith("image/")) {
            throw UploadRejectedException.badRequest("Invalid distribution file.");
        }
    }

    /** Step 14: every digest that was sent must match the bytes. */
    private static void checkDigests(UploadFields fields, FileDigests computed) {
        boolean md5 = fields.md5().map(computed.md5()::equals).orElse(true);
        boolean sha = fields.sha256().map(computed.sha256()::equals).orElse(true);
        boolean blake = fields.blake2b256().map(computed.blake2b256()::equals).orElse(true);
        if (!md5 || !sha || !blake) {
            throw new UploadRejectedException(
                    Refusal.BAD_REQUEST,
                    "The digest supplied does not match a digest calculated from the uploaded file.");
        }
    }

    static String humanSize(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return bytes + " bytes";
    }
}
