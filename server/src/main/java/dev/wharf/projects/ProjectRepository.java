package dev.wharf.projects;

import dev.wharf.distributions.FileDigests;
import dev.wharf.storage.blob.BlobKey;
import dev.wharf.storage.db.Micros;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for the catalogue. Every method takes the caller's {@link Handle} so that one upload's
 * checks and writes share one transaction; the SQL is the same on SQLite and PostgreSQL.
 */
public final class ProjectRepository {

    public Optional<Project> findProject(Handle handle, String normalizedName) {
        return handle.createQuery("SELECT * FROM projects WHERE normalized_name = :n")
                .bind("n", normalizedName)
                .map((rs, ctx) -> project(rs))
                .findOne();
    }

    public Optional<Project> findProjectById(Handle handle, long id) {
        return handle.createQuery("SELECT * FROM projects WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> project(rs))
                .findOne();
    }

    public boolean ultranormalizedTaken(Handle handle, String ultranormalized) {
        return handle.createQuery("SELECT count(*) FROM projects WHERE ultranormalized = :u")
                        .bind("u", ultranormalized)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    public Project insertProject(
            Handle handle, String name, String normalizedName, String ultranormalized, Instant now) {
        long id = handle.createQuery("""
                        INSERT INTO projects (name, normalized_name, ultranormalized, created_at)
                        VALUES (:name, :normalized, :ultra, :now) RETURNING id""")
                .bind("name", name)
                .bind("normalized", normalizedName)
                .bind("ultra", ultranormalized)
                .bind("now", Micros.of(now))
                .mapTo(Long.class)
                .one();
        return new Project(id, name, normalizedName, "active", 0, 0, now);
    }

    /** Callers also {@link #journal} the change: the root index learns of it from the journal. */
    public void renameProject(Handle handle, long projectId, String displayName) {
        handle.createUpdate("UPDATE projects SET name = :name WHERE id = :id")
                .bind("name", displayName)
                .bind("id", projectId)
                .execute();
    }

    /** Callers also {@link #journal} the change: the root index learns of it from the journal. */
    public void setStatus(Handle handle, long projectId, String status, Optional<String> reason) {
        handle.createUpdate("UPDATE projects SET status = :status, status_reason = :reason WHERE id = :id")
                .bind("status", status)
                .bind("reason", reason.orElse(null))
                .bind("id", projectId)
                .execute();
    }

    public List<ProjectSummary> listProjects(Handle handle) {
        return handle.createQuery(
                        "SELECT name, normalized_name, last_serial FROM projects WHERE status <> 'quarantined' ORDER BY normalized_name")
                .map((rs, ctx) -> new ProjectSummary(
                        rs.getString("name"), rs.getString("normalized_name"), rs.getLong("last_serial")))
                .list();
    }

    /**
     * The listed projects (not quarantined) among these normalized names; a name that is missing
     * from the answer is not on the project list.
     */
    public List<ProjectSummary> listedProjects(Handle handle, java.util.Collection<String> normalizedNames) {
        if (normalizedNames.isEmpty()) {
            return List.of();
        }
        return handle.createQuery("""
                        SELECT name, normalized_name, last_serial FROM projects
                        WHERE status <> 'quarantined' AND normalized_name IN (<names>)""")
                .bindList("names", List.copyOf(normalizedNames))
                .map((rs, ctx) -> new ProjectSummary(
                        rs.getString("name"), rs.getString("normalized_name"), rs.getLong("last_serial")))
                .list();
    }

    /** The blob keys of the files whose BLAKE2b-256 digest is one of these (the digest is unique and indexed). */
    /** Whether a published file is stored under this blob key. */
    public boolean blobReferenced(Handle handle, String blobKey) {
        return handle.createQuery("SELECT count(*) FROM files WHERE blob_key = :k")
                        .bind("k", blobKey)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    public java.util.Set<String> blobKeysByDigest(Handle handle, java.util.Collection<String> blake2b256Digests) {
        if (blake2b256Digests.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(handle.createQuery("SELECT blob_key FROM files WHERE blake2_256_digest IN (<d>)")
                .bindList("d", List.copyOf(blake2b256Digests))
                .mapTo(String.class)
                .list());
    }

    /**
     * Journal rows with an id above {@code since} or among {@code also} (ids an earlier read saw
     * missing: on PostgreSQL a lower id can commit after a higher one), at most {@code limit}, by id.
     */
    public List<JournalEntry> journalSince(Handle handle, long since, java.util.Collection<Long> also, int limit) {
        String extra = also.isEmpty() ? "" : " OR id IN (<also>)";
        var query = handle.createQuery(
                        "SELECT id, project_name FROM journal WHERE id > :since" + extra + " ORDER BY id LIMIT :limit")
                .bind("since", since)
                .bind("limit", limit);
        if (!also.isEmpty()) {
            query.bindList("also", List.copyOf(also));
        }
        return query.map((rs, ctx) -> new JournalEntry(rs.getLong("id"), rs.getString("project_name")))
                .list();
    }

    /** Projects whose normalized name contains the normalized query, most recently changed first. */
    public List<ProjectSummary> search(Handle handle, String normalizedQuery, int limit) {
        String pattern =
                "%" + normalizedQuery.replace("\\", "").replace("%", "").replace("_", "") + "%";
        return handle.createQuery("""
                        SELECT name, normalized_name, last_serial FROM projects
                        WHERE status <> 'quarantined' AND normalized_name LIKE :q
                        ORDER BY last_serial DESC LIMIT :limit""")
                .bind("q", pattern)
                .bind("limit", limit)
                .map((rs, ctx) -> new ProjectSummary(
                        rs.getString("name"), rs.getString("normalized_name"), rs.getLong("last_serial")))
                .list();
    }

    public void addRole(Handle handle, long projectId, long userId, Role role) {
        handle.createUpdate("INSERT INTO roles (project_id, user_id, role) VALUES (:p, :u, :r)")
                .bind("p", projectId)
                .bind("u", userId)
                .bind("r", role.label())
                .execute();
    }

    public void removeRole(Handle handle, long projectId, long userId) {
        handle.createUpdate("DELETE FROM roles WHERE project_id = :p AND user_id = :u")
                .bind("p", projectId)
                .bind("u", userId)
                .execute();
    }

    public Optional<Role> roleOf(Handle handle, long projectId, long userId) {
        return handle.createQuery("SELECT role FROM roles WHERE project_id = :p AND user_id = :u")
                .bind("p", projectId)
                .bind("u", userId)
                .map((rs, ctx) -> Role.fromLabel(rs.getString("role")))
                .findOne();
    }

    /** The people with a role on the project: owners first, then by user name. */
    public List<Collaborator> collaborators(Handle handle, long projectId) {
        return handle.createQuery("""
                        SELECT r.user_id, r.role, u.username FROM roles r JOIN users u ON u.id = r.user_id
                        WHERE r.project_id = :p ORDER BY r.role DESC, lower(u.username)""")
                .bind("p", projectId)
                .map((rs, ctx) -> new Collaborator(
                        rs.getLong("user_id"), rs.getString("username"), Role.fromLabel(rs.getString("role"))))
                .list();
    }

    public long ownerCount(Handle handle, long projectId) {
        return handle.createQuery("SELECT count(*) FROM roles WHERE project_id = :p AND role = :owner")
                .bind("p", projectId)
                .bind("owner", Role.OWNER.label())
                .mapTo(Long.class)
                .one();
    }

    /** The projects a user has a role on, by normalized name. */
    public List<RoleOnProject> rolesOfUser(Handle handle, long userId) {
        return handle.createQuery("""
                        SELECT p.name, p.normalized_name, r.role FROM roles r JOIN projects p ON p.id = r.project_id
                        WHERE r.user_id = :u ORDER BY p.normalized_name""")
                .bind("u", userId)
                .map((rs, ctx) -> new RoleOnProject(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** The distinct addresses of the users holding one of {@code roles} on the project, at most {@code max}. */
    public List<String> roleHolderEmails(Handle handle, long projectId, java.util.Collection<Role> roles, int max) {
        return handle.createQuery("""
                        SELECT DISTINCT u.email FROM roles r JOIN users u ON u.id = r.user_id
                        WHERE r.project_id = :p AND r.role IN (<roles>) ORDER BY u.email""")
                .bind("p", projectId)
                .bindList("roles", roles.stream().map(Role::label).toList())
                .setMaxRows(max)
                .mapTo(String.class)
                .list();
    }

    /** Roles for the JSON API's {@code ownership}: (role label, username), owners first. */
    public List<String[]> roles(Handle handle, long projectId) {
        return handle.createQuery("""
                        SELECT r.role, u.username FROM roles r JOIN users u ON u.id = r.user_id
                        WHERE r.project_id = :p ORDER BY r.role DESC, u.username""")
                .bind("p", projectId)
                .map((rs, ctx) -> new String[] {rs.getString("role"), rs.getString("username")})
                .list();
    }

    public Optional<Release> findRelease(Handle handle, long projectId, String canonicalVersion) {
        return handle.createQuery("SELECT * FROM releases WHERE project_id = :p AND canonical_version = :v")
                .bind("p", projectId)
                .bind("v", canonicalVersion)
                .map((rs, ctx) -> release(rs))
                .findOne();
    }

    public List<Release> releases(Handle handle, long projectId) {
        return handle.createQuery("SELECT * FROM releases WHERE project_id = :p")
                .bind("p", projectId)
                .map((rs, ctx) -> release(rs))
                .list();
    }

    public Release insertRelease(
            Handle handle,
            long projectId,
            String version,
            String canonicalVersion,
            boolean prerelease,
            Optional<String> requiresPython,
            Optional<String> summary,
            String metadataJson,
            Instant now) {
        long id = handle.createQuery("""
                        INSERT INTO releases (project_id, version, canonical_version, is_prerelease, requires_python,
                                              summary, metadata_json, created_at)
                        VALUES (:p, :v, :c, :pre, :rp, :s, :m, :now) RETURNING id""")
                .bind("p", projectId)
                .bind("v", version)
                .bind("c", canonicalVersion)
                .bind("pre", prerelease)
                .bind("rp", requiresPython.orElse(null))
                .bind("s", summary.orElse(null))
                .bind("m", metadataJson)
                .bind("now", Micros.of(now))
                .mapTo(Long.class)
                .one();
        return new Release(
                id,
                projectId,
                version,
                canonicalVersion,
                prerelease,
                requiresPython,
                summary,
                metadataJson,
                false,
                Optional.empty(),
                now);
    }

    public void setYanked(Handle handle, long releaseId, boolean yanked, Optional<String> reason) {
        handle.createUpdate("UPDATE releases SET yanked = :y, yanked_reason = :r WHERE id = :id")
                .bind("y", yanked)
                .bind("r", reason.orElse(null))
                .bind("id", releaseId)
                .execute();
    }

    /** pypi.org's duplicate lookup: any file with the same filename or the same BLAKE2b-256. */
    public List<DistributionFile> filesByNameOrBlake2(Handle handle, String filename, String blake2b256) {
        return handle.createQuery("SELECT * FROM files WHERE filename = :f OR blake2_256_digest = :b")
                .bind("f", filename)
                .bind("b", blake2b256)
                .map((rs, ctx) -> file(rs))
                .list();
    }

    public Optional<DistributionFile> fileByName(Handle handle, String filename) {
        return handle.createQuery("SELECT * FROM files WHERE filename = :f")
                .bind("f", filename)
                .map((rs, ctx) -> file(rs))
                .findOne();
    }

    public boolean filenameWasDeleted(Handle handle, String filename) {
        return handle.createQuery("SELECT count(*) FROM deleted_filenames WHERE filename = :f")
                        .bind("f", filename)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    public boolean releaseHasSdist(Handle handle, long releaseId) {
        return handle.createQuery("SELECT count(*) FROM files WHERE release_id = :r AND packagetype = 'sdist'")
                        .bind("r", releaseId)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    public long insertFile(Handle handle, DistributionFile file) {
        return handle.createQuery("""
                        INSERT INTO files (release_id, project_id, filename, packagetype, python_version, size,
                                           md5_digest, sha256_digest, blake2_256_digest, blob_key, metadata_sha256,
                                           metadata_blake2_256, requires_python, comment_text, uploaded_by, token_id,
                                           upload_time)
                        VALUES (:release, :project, :filename, :type, :pyver, :size, :md5, :sha256, :blake2, :key,
                                :msha, :mblake, :rp, :comment, :user, :token, :time) RETURNING id""")
                .bind("release", file.releaseId())
                .bind("project", file.projectId())
                .bind("filename", file.filename())
                .bind("type", file.packageType())
                .bind("pyver", file.pythonVersion())
                .bind("size", file.size())
                .bind("md5", file.digests().md5())
                .bind("sha256", file.digests().sha256())
                .bind("blake2", file.digests().blake2b256())
                .bind("key", file.blobKey().value())
                .bind("msha", file.metadataSha256().orElse(null))
                .bind("mblake", file.metadataBlake2b256().orElse(null))
                .bind("rp", file.requiresPython().orElse(null))
                .bind("comment", file.comment().orElse(null))
                .bind("user", file.uploadedBy().orElse(null))
                .bind("token", file.tokenId().orElse(null))
                .bind("time", Micros.of(file.uploadTime()))
                .mapTo(Long.class)
                .one();
    }

    /** Marks a file as published through a trusted publisher, with what its OIDC token said. */
    public void recordPublisher(Handle handle, long fileId, long publisherId, String claimsJson) {
        handle.createUpdate("UPDATE files SET publisher_id = :p, publisher_claims_json = :c WHERE id = :id")
                .bind("p", publisherId)
                .bind("c", claimsJson)
                .bind("id", fileId)
                .execute();
    }

    /** For the project's files uploaded through a trusted publisher: file id to the claims recorded with it (JSON). */
    public java.util.Map<Long, String> publisherClaims(Handle handle, long projectId) {
        java.util.Map<Long, String> claims = new java.util.HashMap<>();
        handle.createQuery(
                        "SELECT id, publisher_claims_json FROM files WHERE project_id = :p AND publisher_id IS NOT NULL")
                .bind("p", projectId)
                .map((rs, ctx) -> java.util.Map.entry(rs.getLong("id"), rs.getString("publisher_claims_json")))
                .forEach(e -> claims.put(e.getKey(), e.getValue()));
        return claims;
    }

    /** Deletes a file row and reserves its filename forever (pypi.org: filenames are never reusable). */
    public void deleteFile(Handle handle, DistributionFile file, Instant now) {
        handle.createUpdate("DELETE FROM files WHERE id = :id")
                .bind("id", file.id())
                .execute();
        handle.createUpdate("INSERT INTO deleted_filenames (filename, deleted_at) VALUES (:f, :now)")
                .bind("f", file.filename())
                .bind("now", Micros.of(now))
                .execute();
        handle.createUpdate("UPDATE projects SET total_size = total_size - :size WHERE id = :p")
                .bind("size", file.size())
                .bind("p", file.projectId())
                .execute();
    }

    public List<ProjectFile> files(Handle handle, long projectId) {
        return handle.createQuery("""
                        SELECT f.*, r.version AS release_version, r.yanked AS release_yanked, r.yanked_reason AS release_yanked_reason
                        FROM files f JOIN releases r ON r.id = f.release_id
                        WHERE f.project_id = :p ORDER BY f.filename""")
                .bind("p", projectId)
                .map((rs, ctx) -> new ProjectFile(
                        file(rs),
                        rs.getString("release_version"),
                        rs.getBoolean("release_yanked"),
                        Optional.ofNullable(rs.getString("release_yanked_reason"))))
                .list();
    }

    /**
     * Records a change: a journal row whose id is the new serial, stamped on the project, and the
     * project's size adjusted. Returns the serial.
     */
    public long journal(Handle handle, Project project, String action, long sizeDelta, Instant now) {
        long serial = handle.createQuery(
                        "INSERT INTO journal (project_name, action, created_at) VALUES (:n, :a, :now) RETURNING id")
                .bind("n", project.normalizedName())
                .bind("a", action)
                .bind("now", Micros.of(now))
                .mapTo(Long.class)
                .one();
        handle.createUpdate("UPDATE projects SET last_serial = :s, total_size = total_size + :d WHERE id = :id")
                .bind("s", serial)
                .bind("d", sizeDelta)
                .bind("id", project.id())
                .execute();
        return serial;
    }

    public long globalSerial(Handle handle) {
        return handle.createQuery("SELECT coalesce(max(id), 0) FROM journal")
                .mapTo(Long.class)
                .one();
    }

    private static Project project(ResultSet rs) throws SQLException {
        return new Project(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("normalized_name"),
                rs.getString("status"),
                rs.getLong("last_serial"),
                rs.getLong("total_size"),
                Micros.toInstant(rs.getLong("created_at")));
    }

    private static Release release(ResultSet rs) throws SQLException {
        return new Release(
                rs.getLong("id"),
                rs.getLong("project_id"),
                rs.getString("version"),
                rs.getString("canonical_version"),
                rs.getBoolean("is_prerelease"),
                Optional.ofNullable(rs.getString("requires_python")),
                Optional.ofNullable(rs.getString("summary")),
                rs.getString("metadata_json"),
                rs.getBoolean("yanked"),
                Optional.ofNullable(rs.getString("yanked_reason")),
                Micros.toInstant(rs.getLong("created_at")));
    }

    private static DistributionFile file(ResultSet rs) throws SQLException {
        long uploadedBy = rs.getLong("uploaded_by");
        Optional<Long> uploader = rs.wasNull() ? Optional.empty() : Optional.of(uploadedBy);
        return new DistributionFile(
                rs.getLong("id"),
                rs.getLong("release_id"),
                rs.getLong("project_id"),
                rs.getString("filename"),
                rs.getString("packagetype"),
                rs.getString("python_version"),
                rs.getLong("size"),
                new FileDigests(
                        rs.getString("md5_digest"), rs.getString("sha256_digest"), rs.getString("blake2_256_digest")),
                new BlobKey(rs.getString("blob_key")),
                Optional.ofNullable(rs.getString("metadata_sha256")),
                Optional.ofNullable(rs.getString("metadata_blake2_256")),
                Optional.ofNullable(rs.getString("requires_python")),
                Optional.ofNullable(rs.getString("comment_text")),
                Micros.toInstant(rs.getLong("upload_time")),
                uploader,
                Optional.ofNullable(rs.getString("token_id")));
    }
}
