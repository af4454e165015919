package dev.wharf.publishing;

import dev.wharf.distributions.ProjectName;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.notifications.NoNotifier;
import dev.wharf.notifications.Notifier;
import dev.wharf.projects.EventRepository;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.publishing.providers.PublisherIdentity;
import dev.wharf.storage.db.Database;
import dev.wharf.tokens.TokenRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Managing trusted publishers, for the admin command line and the web UI: attach a publisher to a
 * project, detach it (its live tokens stop at once: uploads re-check the link, and its tokens are
 * deleted when the publisher has no project left), and pending publishers for names that do not
 * exist yet. Every change is an event on the project or for the user.
 */
public final class PublisherService {
    private final Database database;
    private final PublisherRepository publishers;
    private final ProjectRepository projects;
    private final EventRepository events;
    private final Clock clock;
    private final Notifier notifier;
    private final TokenRepository tokens;

    public PublisherService(
            Database database,
            PublisherRepository publishers,
            ProjectRepository projects,
            EventRepository events,
            Clock clock) {
        this(database, publishers, projects, events, clock, NoNotifier.INSTANCE);
    }

    public PublisherService(
            Database database,
            PublisherRepository publishers,
            ProjectRepository projects,
            EventRepository events,
            Clock clock,
            Notifier notifier) {
        this.notifier = notifier;
        this.tokens = new TokenRepository(database);
        this.database = database;
        this.publishers = publishers;
        this.projects = projects;
        this.events = events;
        this.clock = clock;
    }

    public StoredPublisher add(String projectName, PublisherIdentity identity, Optional<Long> actor) {
        return database.write(handle -> {
            Instant now = clock.instant();
            Project project = project(handle, projectName);
            StoredPublisher publisher = publishers.addToProject(handle, identity, project, actor, now);
            events.record(
                    handle,
                    Optional.of(project.id()),
                    "project:oidc:publisher-added",
                    actor,
                    Optional.empty(),
                    detail(publisher, false),
                    now);
            handle.afterCommit(() -> notifier.publisherAdded(
                    project.id(), project.name(), publisher.identity().displayName()));
            return publisher;
        });
    }

    public void remove(String projectName, long publisherId, Optional<Long> actor) {
        database.writeVoid(handle -> {
            Instant now = clock.instant();
            Project project = project(handle, projectName);
            StoredPublisher publisher = publishers.forProject(handle, project.id()).stream()
                    .filter(p -> p.id() == publisherId)
                    .findFirst()
                    .orElseThrow(() -> new WharfException(
                            Refusal.NOT_FOUND,
                            "Project '" + project.name() + "' has no trusted publisher " + publisherId));
            publishers.removeFromProject(handle, publisherId, project.id());
            if (publishers.find(handle, publisherId).isEmpty()) {
                // The publisher is gone; so are its short-lived tokens.
                tokens.deleteForPublisher(handle, publisherId);
            }
            events.record(
                    handle,
                    Optional.of(project.id()),
                    "project:oidc:publisher-removed",
                    actor,
                    Optional.empty(),
                    detail(publisher, false),
                    now);
            handle.afterCommit(() -> notifier.publisherRemoved(
                    project.id(), project.name(), publisher.identity().displayName()));
        });
    }

    public List<StoredPublisher> list(String projectName) {
        return database.read(handle ->
                publishers.forProject(handle, project(handle, projectName).id()));
    }

    public PendingPublisher addPending(PublisherIdentity identity, String projectName, long userId) {
        return database.write(handle -> {
            Instant now = clock.instant();
            PendingPublisher pending = publishers.addPending(handle, identity, projectName, userId, now);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("project", pending.projectName());
            detail.put("publisher", identity.kind().displayName());
            detail.put("specifier", identity.displayName());
            detail.put("id", pending.id());
            events.record(
                    handle,
                    Optional.empty(),
                    "account:oidc:pending-publisher-added",
                    Optional.of(userId),
                    Optional.empty(),
                    detail,
                    now);
            return pending;
        });
    }

    public List<PendingPublisher> pending(long userId) {
        return database.read(handle -> publishers.pendingOf(handle, userId, clock.instant()));
    }

    public void removePending(long pendingId, long userId) {
        database.writeVoid(handle -> {
            publishers.removePending(handle, pendingId, userId);
            events.record(
                    handle,
                    Optional.empty(),
                    "account:oidc:pending-publisher-removed",
                    Optional.of(userId),
                    Optional.empty(),
                    Map.of("id", pendingId),
                    clock.instant());
        });
    }

    /** Deletes expired pending publishers; returns how many (run periodically). */
    public int purgeExpiredPending() {
        return database.write(handle -> publishers.purgeExpiredPending(handle, clock.instant()));
    }

    /**
     * Deletes Trusted Publishing tokens a day after they expired: they can no longer be used, and
     * pypi.org drops its OIDC macaroons after a day too.
     */
    public int purgeExpiredTokens() {
        return database.write(handle ->
                tokens.deleteExpiredPublisherTokens(handle, clock.instant().minus(Duration.ofDays(1))));
    }

    private Project project(Handle handle, String projectName) {
        return projects.findProject(handle, ProjectName.normalize(projectName))
                .orElseThrow(() -> new WharfException(Refusal.NOT_FOUND, "No project named '" + projectName + "'"));
    }

    private static Map<String, Object> detail(StoredPublisher publisher, boolean reified) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("publisher", publisher.kind().displayName());
        detail.put("id", publisher.id());
        detail.put("specifier", publisher.identity().displayName());
        detail.put("url", publisher.identity().url(Optional.empty()).orElse(null));
        detail.put("reified_from_pending_publisher", reified);
        return detail;
    }
}
