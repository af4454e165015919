package dev.wharf.publishing;

import dev.wharf.distributions.ProjectName;
import dev.wharf.projects.EventRepository;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.projects.Role;
import dev.wharf.publishing.providers.ClaimCheck;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;

/**
 * Decides between normal and pending publishers for one token exchange, and turns a pending
 * publisher into a project and a publisher ("reification", as Warehouse's code calls it).
 *
 * <p>pypi.org tries the pending publishers first, so anyone may register a pending publisher for
 * somebody else's repository and workflow, and the victim's next exchange creates the squatter's
 * project and links the victim's identity to it. Wharf decides the other way round:
 * <ol>
 *   <li>The normal publishers are tried first. When one matches it wins; pending publishers are
 *   not looked at, never reified and never deleted by this request.</li>
 *   <li>When normal publishers share the token's lookup key but none matched (wrong environment,
 *   resurrected owner, ...), a pending publisher is usable only if its registrant owns a project of
 *   one of those publishers: somebody else's pending row can never redirect a publish that was
 *   meant for an existing project. The exchange then fails with the normal publisher's reason.</li>
 *   <li>A pending publisher whose project name exists by now is simply not used. pypi.org deletes
 *   it and fails the exchange; here nobody's row disappears as a side effect of someone else's
 *   request, and it expires with its TTL.</li>
 *   <li>When several usable pending publishers match equally well none is used (see
 *   {@link PublisherMatcher#findPending}).</li>
 *   <li>Reification runs on the caller's handle, inside the transaction that also mints the
 *   token, so a mint that fails afterwards (a replayed {@code jti}, a database error) rolls the
 *   new project back; pypi.org commits it.</li>
 * </ol>
 */
public final class PendingPublisherPolicy {
    private final PublisherRepository publishers;
    private final PublisherMatcher matcher;
    private final ProjectRepository projects;
    private final EventRepository events;
    private final String nameHelp;

    /**
     * @param helpUrl the index's help page; names are explained at {@code <helpUrl>#project-name}
     */
    public PendingPublisherPolicy(
            PublisherRepository publishers,
            PublisherMatcher matcher,
            ProjectRepository projects,
            EventRepository events,
            String helpUrl) {
        this.publishers = publishers;
        this.matcher = matcher;
        this.projects = projects;
        this.events = events;
        this.nameHelp = helpUrl + "#project-name";
    }

    /** A project created from a pending publisher. */
    public record Reification(Project project, StoredPublisher publisher, PendingPublisher from) {}

    /**
     * What an exchange is for: the matched publisher, the projects its token covers (every project
     * linked to it, as pypi.org), and the reification if this exchange created a project.
     */
    public record Resolution(StoredPublisher publisher, List<Long> projectIds, Optional<Reification> reification) {}

    /**
     * Finds the publisher for a verified token, reifying a pending publisher when (and only when)
     * no normal publisher matches. Call inside the mint's write transaction.
     *
     * @throws PublisherMismatchException when nothing matches: the normal publishers' reason
     * @throws ProjectCreationRefusedException when a pending publisher matched but its project
     *     cannot be created
     */
    public Resolution resolve(Handle handle, Claims claims, PublisherKind kind, String issuerUrl, Instant now) {
        PublisherMismatchException normalFailure;
        try {
            StoredPublisher publisher =
                    matcher.findPublisher(handle, claims, kind, issuerUrl).publisher();
            return new Resolution(publisher, publishers.projectIds(handle, publisher.id()), Optional.empty());
        } catch (PublisherMismatchException e) {
            normalFailure = e;
        }
        Optional<PendingPublisher> pending =
                matcher.findPending(handle, claims, kind, issuerUrl, now, usable(handle, claims, kind, issuerUrl));
        if (pending.isEmpty()) {
            throw normalFailure;
        }
        Reification reification = reify(handle, pending.get(), now);
        // The reified publisher has the pending identity, which matched all checks. pypi.org runs
        // the normal lookup again; taking the reified row directly cannot pick a different,
        // more specific row that fails. The token covers every project of that publisher.
        StoredPublisher publisher = reification.publisher();
        return new Resolution(publisher, publishers.projectIds(handle, publisher.id()), Optional.of(reification));
    }

    private Predicate<PendingPublisher> usable(Handle handle, Claims claims, PublisherKind kind, String issuerUrl) {
        List<StoredPublisher> near;
        try {
            near = publishers.candidates(
                    handle, kind, issuerUrl, ClaimCheck.forKind(kind).lookupKey(claims));
        } catch (PublisherMismatchException e) {
            near = List.of();
        }
        List<Long> nearProjects = near.stream()
                .flatMap(p -> publishers.projectIds(handle, p.id()).stream())
                .toList();
        return pending -> projects.findProject(handle, pending.normalizedName()).isEmpty()
                && (nearProjects.isEmpty()
                        || nearProjects.stream()
                                .anyMatch(projectId -> projects.roleOf(handle, projectId, pending.addedBy())
                                        .filter(r -> r == Role.OWNER)
                                        .isPresent()));
    }

    /**
     * Creates the pending publisher's project, owned by the user who registered it, turns the
     * pending publisher into a normal one (reusing an identical existing row) and links it.
     * Everything happens on {@code handle}: the caller's transaction decides whether it stays.
     *
     * @throws ProjectCreationRefusedException with pypi.org's {@code create_project} message when
     *     the name is now refused (the standard library's, taken, too similar)
     */
    public Reification reify(Handle handle, PendingPublisher pending, Instant now) {
        ProjectName name = PendingProjectNames.checkForCreation(handle, pending.projectName(), nameHelp);
        Project project =
                projects.insertProject(handle, name.display(), name.normalized(), name.ultranormalized(), now);
        projects.addRole(handle, project.id(), pending.addedBy(), Role.OWNER);
        projects.journal(handle, project, "create", 0, now);
        StoredPublisher publisher = publishers.findOrCreate(handle, pending.identity(), now);
        publishers.deletePending(handle, pending.id());
        publishers.link(handle, publisher.id(), project.id(), Optional.of(pending.addedBy()), now);

        Optional<Long> by = Optional.of(pending.addedBy());
        events.record(
                handle,
                Optional.of(project.id()),
                "project:create",
                by,
                Optional.empty(),
                Map.of("created_by", "pending trusted publisher " + pending.id()),
                now);
        events.record(
                handle,
                Optional.of(project.id()),
                "project:role:add",
                by,
                Optional.empty(),
                Map.of("role_name", Role.OWNER.label(), "target_user_id", pending.addedBy()),
                now);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("publisher", publisher.kind().displayName());
        detail.put("id", publisher.id());
        detail.put("specifier", publisher.identity().displayName());
        detail.put("url", publisher.identity().url(Optional.empty()).orElse(null));
        detail.put("submitted_by", "OpenID created token");
        detail.put("reified_from_pending_publisher", true);
        detail.put("constrained_from_existing_publisher", false);
        events.record(
                handle, Optional.of(project.id()), "project:oidc:publisher-added", by, Optional.empty(), detail, now);
        return new Reification(project, publisher, pending);
    }
}
