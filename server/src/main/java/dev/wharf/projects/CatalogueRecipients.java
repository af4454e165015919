package dev.wharf.projects;

import dev.wharf.accounts.User;
import dev.wharf.accounts.UserRepository;
import dev.wharf.notifications.Recipients;
import dev.wharf.storage.db.Database;
import java.util.List;
import java.util.Set;

/** {@link Recipients} read from the catalogue: the users' addresses and the project's roles. */
public final class CatalogueRecipients implements Recipients {
    private final Database database;
    private final ProjectRepository projects;
    private final UserRepository users;

    public CatalogueRecipients(Database database, ProjectRepository projects, UserRepository users) {
        this.database = database;
        this.projects = projects;
        this.users = users;
    }

    @Override
    public List<String> user(long userId) {
        return database.read(handle ->
                users.findById(handle, userId).map(User::email).stream().toList());
    }

    @Override
    public List<String> ownersAndMaintainers(long projectId) {
        return database.read(
                handle -> projects.roleHolderEmails(handle, projectId, Set.of(Role.OWNER, Role.MAINTAINER), MAX));
    }

    @Override
    public List<String> owners(long projectId) {
        return database.read(handle -> projects.roleHolderEmails(handle, projectId, Set.of(Role.OWNER), MAX));
    }
}
