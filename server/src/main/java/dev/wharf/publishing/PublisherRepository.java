package dev.wharf.publishing;

import dev.wharf.errors.Refusal;
import dev.wharf.projects.Project;
import dev.wharf.publishing.providers.ActiveStateIdentity;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.publishing.providers.GitLabIdentity;
import dev.wharf.publishing.providers.GoogleIdentity;
import dev.wharf.publishing.providers.PublisherIdentity;
import dev.wharf.storage.db.Micros;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * SQL for trusted publishers, their project links and pending publishers. Every method takes the
 * caller's {@link Handle}, so a registration's checks and writes, and an exchange's reification
 * and mint, share one transaction. The SQL is the same on SQLite and PostgreSQL.
 */
public final class PublisherRepository {
    /** pypi.org: at most 3 pending publishers per user at once. */
    public static final int MAX_PENDING_PER_USER = 3;
    /** pypi.org: a pending publisher expires 30 days after it was registered. */
    public static final Duration DEFAULT_PENDING_TTL = Duration.ofDays(30);

    static final String TOO_MANY_PENDING = "You can't register more than 3 pending trusted publishers at once.";
    static final String DUPLICATE_PENDING = "This trusted publisher has already been registered. Please contact "
            + "this index's admins if this wasn't intentional.";

    private static final String IDENTITY_COLUMNS = """
            kind, issuer_url, identity_key, lookup_key, repository_owner, repository_owner_id, repository_name,
            workflow_filename, namespace, project, workflow_filepath, environment, email, sub, organization,
            activestate_project, actor, actor_id""";
    private static final String IDENTITY_VALUES = """
            :kind, :issuer_url, :identity_key, :lookup_key, :repository_owner, :repository_owner_id, :repository_name,
            :workflow_filename, :namespace, :project, :workflow_filepath, :environment, :email, :sub, :organization,
            :activestate_project, :actor, :actor_id""";

    private final Duration pendingTtl;

    public PublisherRepository() {
        this(DEFAULT_PENDING_TTL);
    }

    public PublisherRepository(Duration pendingTtl) {
        this.pendingTtl = pendingTtl;
    }

    // ---- trusted publishers -------------------------------------------------------------------

    public Optional<StoredPublisher> find(Handle handle, long publisherId) {
        return handle.createQuery("SELECT * FROM trusted_publishers WHERE id = :id")
                .bind("id", publisherId)
                .map((rs, ctx) -> publisher(rs))
                .findOne();
    }

    public Optional<StoredPublisher> findByIdentity(Handle handle, PublisherIdentity identity) {
        return handle.createQuery("SELECT * FROM trusted_publishers WHERE identity_key = :k")
                .bind("k", identity.identityKey())
                .map((rs, ctx) -> publisher(rs))
                .findOne();
    }

    /** The row for {@code identity}: the one with the same identity key, else a new one, as on pypi.org. */
    public StoredPublisher findOrCreate(Handle handle, PublisherIdentity identity, Instant now) {
        Optional<StoredPublisher> existing = findByIdentity(handle, identity);
        if (existing.isPresent()) {
            return existing.get();
        }
        var insert = handle.createQuery("INSERT INTO trusted_publishers (" + IDENTITY_COLUMNS + ", created_at) VALUES ("
                + IDENTITY_VALUES + ", :now) RETURNING id");
        bindIdentity(insert, identity);
        long id = insert.bind("now", Micros.of(now)).mapTo(Long.class).one();
        return new StoredPublisher(id, identity, now);
    }

    /**
     * Links {@code identity} to {@code project}, reusing an identical publisher row.
     *
     * @throws PublisherRegistrationException {@code <publisher> is already registered with <project>}
     *     (pypi.org's message) when the link exists
     */
    public StoredPublisher addToProject(
            Handle handle, PublisherIdentity identity, Project project, Optional<Long> addedBy, Instant now) {
        StoredPublisher publisher = findOrCreate(handle, identity, now);
        if (linked(handle, publisher.id(), project.id())) {
            throw new PublisherRegistrationException(
                    Refusal.CONFLICT, identity.displayName() + " is already registered with " + project.name());
        }
        link(handle, publisher.id(), project.id(), addedBy, now);
        return publisher;
    }

    void link(Handle handle, long publisherId, long projectId, Optional<Long> addedBy, Instant now) {
        handle.createUpdate("""
                        INSERT INTO publisher_projects (publisher_id, project_id, added_by, created_at)
                        VALUES (:pub, :proj, :by, :now)""")
                .bind("pub", publisherId)
                .bind("proj", projectId)
                .bind("by", addedBy.orElse(null))
                .bind("now", Micros.of(now))
                .execute();
    }

    /**
     * Unlinks the publisher from the project, and deletes the publisher when no project is left
     * (as on pypi.org; tokens minted for it stop working at the upload's link re-check).
     *
     * @return whether a link was removed
     */
    public boolean removeFromProject(Handle handle, long publisherId, long projectId) {
        int removed = handle.createUpdate(
                        "DELETE FROM publisher_projects WHERE publisher_id = :pub AND project_id = :proj")
                .bind("pub", publisherId)
                .bind("proj", projectId)
                .execute();
        if (removed > 0 && projectIds(handle, publisherId).isEmpty()) {
            handle.createUpdate("DELETE FROM trusted_publishers WHERE id = :id")
                    .bind("id", publisherId)
                    .execute();
        }
        return removed > 0;
    }

    public List<StoredPublisher> forProject(Handle handle, long projectId) {
        return handle.createQuery("""
                        SELECT t.* FROM trusted_publishers t JOIN publisher_projects l ON l.publisher_id = t.id
                        WHERE l.project_id = :p ORDER BY t.id""")
                .bind("p", projectId)
                .map((rs, ctx) -> publisher(rs))
                .list();
    }

    /** Publishers of {@code kind} and issuer whose lookup columns equal the claims'. */
    public List<StoredPublisher> candidates(Handle handle, PublisherKind kind, String issuerUrl, LookupKey key) {
        requireKind(kind, key);
        return handle.createQuery("""
                        SELECT * FROM trusted_publishers
                        WHERE kind = :kind AND issuer_url = :iss AND lookup_key = :key ORDER BY id""")
                .bind("kind", kind.label())
                .bind("iss", issuerUrl)
                .bind("key", key.value())
                .map((rs, ctx) -> publisher(rs))
                .list();
    }

    public List<Long> projectIds(Handle handle, long publisherId) {
        return handle.createQuery(
                        "SELECT project_id FROM publisher_projects WHERE publisher_id = :pub ORDER BY project_id")
                .bind("pub", publisherId)
                .mapTo(Long.class)
                .list();
    }

    /** The upload's re-check, as on pypi.org: is the publisher still linked to the project? */
    public boolean linked(Handle handle, long publisherId, long projectId) {
        return handle.createQuery(
                                "SELECT count(*) FROM publisher_projects WHERE publisher_id = :pub AND project_id = :proj")
                        .bind("pub", publisherId)
                        .bind("proj", projectId)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    // ---- pending publishers -------------------------------------------------------------------

    /**
     * Registers a pending publisher for a project name that does not exist yet. The name checks
     * (valid, not the standard library, not an existing or too similar project) are pypi.org's
     * form checks and run again when the project is created.
     *
     * @throws PublisherRegistrationException with pypi.org's messages: more than
     *     {@value #MAX_PENDING_PER_USER} unexpired pending publishers, a refused name, or the same
     *     identity already pending for the same user and name
     */
    public PendingPublisher addPending(
            Handle handle, PublisherIdentity identity, String projectName, long userId, Instant now) {
        long open = handle.createQuery(
                        "SELECT count(*) FROM pending_publishers WHERE added_by = :u AND expires_at > :now")
                .bind("u", userId)
                .bind("now", Micros.of(now))
                .mapTo(Long.class)
                .one();
        if (open >= MAX_PENDING_PER_USER) {
            throw new PublisherRegistrationException(TOO_MANY_PENDING);
        }
        var name = PendingProjectNames.checkForRegistration(handle, projectName);
        // Expired rows are garbage until the purge; they must not block a new registration.
        handle.createUpdate("""
                        DELETE FROM pending_publishers
                        WHERE added_by = :u AND normalized_name = :n AND identity_key = :k AND expires_at <= :now""")
                .bind("u", userId)
                .bind("n", name.normalized())
                .bind("k", identity.identityKey())
                .bind("now", Micros.of(now))
                .execute();
        boolean duplicate = handle.createQuery("""
                        SELECT count(*) FROM pending_publishers
                        WHERE added_by = :u AND normalized_name = :n AND identity_key = :k""")
                        .bind("u", userId)
                        .bind("n", name.normalized())
                        .bind("k", identity.identityKey())
                        .mapTo(Long.class)
                        .one()
                > 0;
        if (duplicate) {
            throw new PublisherRegistrationException(Refusal.CONFLICT, DUPLICATE_PENDING);
        }
        Instant expires = now.plus(pendingTtl);
        var insert = handle.createQuery("INSERT INTO pending_publishers (" + IDENTITY_COLUMNS
                + ", project_name, normalized_name, added_by, created_at, expires_at) VALUES (" + IDENTITY_VALUES
                + ", :name, :normalized, :u, :now, :expires) RETURNING id");
        bindIdentity(insert, identity);
        long id = insert.bind("name", name.display())
                .bind("normalized", name.normalized())
                .bind("u", userId)
                .bind("now", Micros.of(now))
                .bind("expires", Micros.of(expires))
                .mapTo(Long.class)
                .one();
        return new PendingPublisher(id, identity, name.display(), name.normalized(), userId, now, expires);
    }

    /** The user's unexpired pending publishers, oldest first. */
    public List<PendingPublisher> pendingOf(Handle handle, long userId, Instant now) {
        return handle.createQuery("""
                        SELECT * FROM pending_publishers WHERE added_by = :u AND expires_at > :now ORDER BY id""")
                .bind("u", userId)
                .bind("now", Micros.of(now))
                .map((rs, ctx) -> pending(rs))
                .list();
    }

    public Optional<PendingPublisher> findPending(Handle handle, long pendingId) {
        return handle.createQuery("SELECT * FROM pending_publishers WHERE id = :id")
                .bind("id", pendingId)
                .map((rs, ctx) -> pending(rs))
                .findOne();
    }

    /**
     * Removes a pending publisher on its adder's request. Someone else's row answers exactly as a
     * row that does not exist, so ids cannot be probed.
     *
     * @throws PublisherNotFoundException when there is no such row of this user
     */
    public void removePending(Handle handle, long pendingId, long userId) {
        int removed = handle.createUpdate("DELETE FROM pending_publishers WHERE id = :id AND added_by = :u")
                .bind("id", pendingId)
                .bind("u", userId)
                .execute();
        if (removed == 0) {
            throw new PublisherNotFoundException("No pending trusted publisher " + pendingId + " of yours exists.");
        }
    }

    /** Unexpired pending publishers whose lookup columns equal the claims', oldest first. */
    public List<PendingPublisher> pendingCandidates(
            Handle handle, PublisherKind kind, String issuerUrl, LookupKey key, Instant now) {
        requireKind(kind, key);
        return handle.createQuery("""
                        SELECT * FROM pending_publishers
                        WHERE kind = :kind AND issuer_url = :iss AND lookup_key = :key AND expires_at > :now
                        ORDER BY id""")
                .bind("kind", kind.label())
                .bind("iss", issuerUrl)
                .bind("key", key.value())
                .bind("now", Micros.of(now))
                .map((rs, ctx) -> pending(rs))
                .list();
    }

    void deletePending(Handle handle, long pendingId) {
        handle.createUpdate("DELETE FROM pending_publishers WHERE id = :id")
                .bind("id", pendingId)
                .execute();
    }

    /** Deletes expired pending publishers (pypi.org's daily TTL task); returns how many. */
    public int purgeExpiredPending(Handle handle, Instant now) {
        return handle.createUpdate("DELETE FROM pending_publishers WHERE expires_at <= :now")
                .bind("now", Micros.of(now))
                .execute();
    }

    // ---- mapping ------------------------------------------------------------------------------

    private static void requireKind(PublisherKind kind, LookupKey key) {
        if (key.kind() != kind) {
            throw new IllegalArgumentException("lookup key of " + key.kind() + " for " + kind);
        }
    }

    private static void bindIdentity(SqlStatement<?> statement, PublisherIdentity identity) {
        statement
                .bind("kind", identity.kind().label())
                .bind("issuer_url", identity.issuerUrl())
                .bind("identity_key", identity.identityKey())
                .bind("lookup_key", LookupKey.of(identity).value());
        String[] columns = {
            "repository_owner",
            "repository_owner_id",
            "repository_name",
            "workflow_filename",
            "namespace",
            "project",
            "workflow_filepath",
            "email",
            "organization",
            "activestate_project",
            "actor",
            "actor_id"
        };
        for (String column : columns) {
            statement.bindNull(column, java.sql.Types.VARCHAR);
        }
        statement.bind("environment", "").bind("sub", "");
        switch (identity) {
            case GitHubIdentity g ->
                statement
                        .bind("repository_owner", g.owner())
                        .bind("repository_owner_id", g.ownerId())
                        .bind("repository_name", g.repository())
                        .bind("workflow_filename", g.workflowFilename())
                        .bind("environment", g.environment());
            case GitLabIdentity g ->
                statement
                        .bind("namespace", g.namespace())
                        .bind("project", g.project())
                        .bind("workflow_filepath", g.workflowFilepath())
                        .bind("environment", g.environment());
            case GoogleIdentity g -> statement.bind("email", g.email()).bind("sub", g.sub());
            case ActiveStateIdentity a ->
                statement
                        .bind("organization", a.organization())
                        .bind("activestate_project", a.project())
                        .bind("actor", a.actor())
                        .bind("actor_id", a.actorId());
        }
    }

    private static PublisherIdentity identity(ResultSet rs) throws SQLException {
        PublisherKind kind = PublisherKind.fromLabel(rs.getString("kind"));
        return switch (kind) {
            case GITHUB ->
                new GitHubIdentity(
                        rs.getString("repository_owner"),
                        rs.getString("repository_owner_id"),
                        rs.getString("repository_name"),
                        rs.getString("workflow_filename"),
                        rs.getString("environment"),
                        rs.getString("issuer_url"));
            case GITLAB ->
                new GitLabIdentity(
                        rs.getString("issuer_url"),
                        rs.getString("namespace"),
                        rs.getString("project"),
                        rs.getString("workflow_filepath"),
                        rs.getString("environment"));
            case GOOGLE -> new GoogleIdentity(rs.getString("email"), rs.getString("sub"));
            case ACTIVESTATE ->
                new ActiveStateIdentity(
                        rs.getString("organization"),
                        rs.getString("activestate_project"),
                        rs.getString("actor"),
                        rs.getString("actor_id"));
        };
    }

    private static StoredPublisher publisher(ResultSet rs) throws SQLException {
        return new StoredPublisher(rs.getLong("id"), identity(rs), Micros.toInstant(rs.getLong("created_at")));
    }

    private static PendingPublisher pending(ResultSet rs) throws SQLException {
        return new PendingPublisher(
                rs.getLong("id"),
                identity(rs),
                rs.getString("project_name"),
                rs.getString("normalized_name"),
                rs.getLong("added_by"),
                Micros.toInstant(rs.getLong("created_at")),
                Micros.toInstant(rs.getLong("expires_at")));
    }
}
