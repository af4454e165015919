package dev.wharf.notifications;

import dev.wharf.storage.db.Database;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who hears about a change, read after it committed: so a removed collaborator is still a user with an
 * address, and a project's people are those who hold the role now. At most {@link #MAX} addresses, so
 * one change never turns into a mass mailing.
 */
final class Recipients {
    static final int MAX = 100;
    private final Database database;

    Recipients(Database database) {
        this.database = database;
    }

    /** Owners and maintainers of the project. */
    List<String> ownersAndMaintainers(long projectId) {
        return roleHolders(projectId, "('Owner', 'Maintainer')");
    }

    List<String> owners(long projectId) {
        return roleHolders(projectId, "('Owner')");
    }

    List<String> user(long userId) {
        return database.read(handle -> handle.createQuery("SELECT email FROM users WHERE id = :u")
                .bind("u", userId).mapTo(String.class).list());
    }

    /** The project's owners plus one user, each address once. */
    List<String> ownersAnd(long projectId, long userId) {
        Set<String> all = new LinkedHashSet<>(owners(projectId));
        all.addAll(user(userId));
        return new ArrayList<>(all);
    }

    private List<String> roleHolders(long projectId, String roles) {
        return database.read(handle -> handle.createQuery("SELECT DISTINCT u.email FROM roles r JOIN users u ON u.id = r.user_id "
                        + "WHERE r.project_id = :p AND r.role IN " + roles + " ORDER BY u.email")
                .bind("p", projectId).setMaxRows(MAX).mapTo(String.class).list());
    }
}
