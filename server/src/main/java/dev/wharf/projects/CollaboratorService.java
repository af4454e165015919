package dev.wharf.projects;

import dev.wharf.accounts.User;
import dev.wharf.accounts.UserRepository;
import dev.wharf.distributions.ProjectName;
import dev.wharf.errors.Refusal;
import dev.wharf.notifications.NoNotifier;
import dev.wharf.notifications.Notifier;
import dev.wharf.storage.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Who may work on a project. Adds, changes and removes roles in one transaction each, and never
 * leaves a project without an owner: pypi.org refuses to remove the last owner too, because an
 * ownerless project can no longer be managed by anyone but an administrator. The web pages and the
 * CLI both change roles through this class, so the rule holds for both.
 */
public final class CollaboratorService {
    private final Database database;
    private final ProjectRepository projects;
    private final UserRepository users;
    private final EventRepository events;
    private final Clock clock;
    private final Notifier notifier;

    public CollaboratorService(
            Database database, ProjectRepository projects, UserRepository users, EventRepository events, Clock clock) {
        this(database, projects, users, events, clock, NoNotifier.INSTANCE);
    }

    public CollaboratorService(
            Database database,
            ProjectRepository projects,
            UserRepository users,
            EventRepository events,
            Clock clock,
            Notifier notifier) {
        this.notifier = notifier;
        this.database = database;
        this.projects = projects;
        this.users = users;
        this.events = events;
        this.clock = clock;
    }

    /** Owners first, then by user name. */
    public List<Collaborator> list(long projectId) {
        return database.read(handle -> projects.collaborators(handle, projectId));
    }

    /** Gives {@code username} a role; refuses a user who already has one (change it instead). */
    public Collaborator add(Project project, String username, Role role, long actor) {
        return database.write(handle -> {
            User user = users.findByName(handle, username.strip())
                    .orElseThrow(() -> new CollaboratorException(
                            Refusal.NOT_FOUND, "There is no user named '" + username.strip() + "'."));
            if (projects.roleOf(handle, project.id(), user.id()).isPresent()) {
                throw new CollaboratorException(
                        Refusal.CONFLICT,
                        "User '" + user.username() + "' already has a role on " + project.name()
                                + "; change it in the list.");
            }
            projects.addRole(handle, project.id(), user.id(), role);
            record(handle, project, "role:add", user, role, Optional.of(actor));
            handle.afterCommit(() ->
                    notifier.collaboratorAdded(project.id(), project.name(), user.id(), user.username(), role.label()));
            return new Collaborator(user.id(), user.username(), role);
        });
    }

    public void change(Project project, long userId, Role role, long actor) {
        database.writeVoid(
                handle -> change(handle, project, existing(handle, project, userId), role, Optional.of(actor)));
    }

    /**
     * Gives the user {@code role} on the project named {@code projectName}, adding it or changing
     * the role they have; for the command line, which acts as no user. Demoting the last owner is
     * refused here as on the web pages.
     */
    public void grant(String projectName, long userId, Role role) {
        database.writeVoid(handle -> {
            Project project = projects.findProject(handle, ProjectName.normalize(projectName))
                    .orElseThrow(() ->
                            new CollaboratorException(Refusal.NOT_FOUND, "No project named '" + projectName + "'"));
            User user = users.findById(handle, userId)
                    .orElseThrow(() ->
                            new CollaboratorException(Refusal.NOT_FOUND, "There is no user with id " + userId + "."));
            Optional<Role> current = projects.roleOf(handle, project.id(), userId);
            if (current.isPresent()) {
                change(
                        handle,
                        project,
                        new Collaborator(userId, user.username(), current.get()),
                        role,
                        Optional.empty());
                return;
            }
            projects.addRole(handle, project.id(), userId, role);
            record(handle, project, "role:add", user, role, Optional.empty());
            handle.afterCommit(() ->
                    notifier.collaboratorAdded(project.id(), project.name(), userId, user.username(), role.label()));
        });
    }

    private void change(Handle handle, Project project, Collaborator current, Role role, Optional<Long> actor) {
        if (current.owner() && role != Role.OWNER) {
            keepAnOwner(handle, project);
        }
        projects.removeRole(handle, project.id(), current.userId());
        projects.addRole(handle, project.id(), current.userId(), role);
        record(
                handle,
                project,
                "role:change",
                users.findById(handle, current.userId()).orElseThrow(),
                role,
                actor);
        handle.afterCommit(() -> notifier.collaboratorChanged(
                project.id(), project.name(), current.userId(), current.username(), role.label()));
    }

    public void remove(Project project, long userId, long actor) {
        database.writeVoid(handle -> {
            Collaborator current = existing(handle, project, userId);
            if (current.owner()) {
                keepAnOwner(handle, project);
            }
            projects.removeRole(handle, project.id(), userId);
            record(
                    handle,
                    project,
                    "role:remove",
                    users.findById(handle, userId).orElseThrow(),
                    current.role(),
                    Optional.of(actor));
            handle.afterCommit(() -> notifier.collaboratorRemoved(
                    project.id(),
                    project.name(),
                    userId,
                    current.username(),
                    current.role().label()));
        });
    }

    private Collaborator existing(Handle handle, Project project, long userId) {
        Optional<Role> role = projects.roleOf(handle, project.id(), userId);
        User user = users.findById(handle, userId)
                .filter(u -> role.isPresent())
                .orElseThrow(() -> new CollaboratorException(
                        Refusal.NOT_FOUND, "That user has no role on " + project.name() + "."));
        return new Collaborator(userId, user.username(), role.get());
    }

    /** Counts the owners in the same transaction as the change it guards. */
    private void keepAnOwner(Handle handle, Project project) {
        if (projects.ownerCount(handle, project.id()) <= 1) {
            throw CollaboratorException.lastOwner();
        }
    }

    private void record(Handle handle, Project project, String kind, User user, Role role, Optional<Long> actor) {
        Instant now = clock.instant();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("user_id", user.id());
        detail.put("username", user.username());
        detail.put("role", role.label());
        events.record(handle, Optional.of(project.id()), kind, actor, Optional.empty(), detail, now);
    }
}
