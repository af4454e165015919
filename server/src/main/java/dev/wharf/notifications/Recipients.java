package dev.wharf.notifications;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who hears about a change, read after it committed: so a removed collaborator is still a user with an
 * address, and a project's people are those who hold the role now. At most {@link #MAX} addresses, so
 * one change never turns into a mass mailing. The catalogue answers it (the composition root passes
 * {@code projects.CatalogueRecipients}); this package reads no tables itself.
 */
public interface Recipients {
    int MAX = 100;

    /** The user's address, if the user exists. */
    List<String> user(long userId);

    /** Owners and maintainers of the project. */
    List<String> ownersAndMaintainers(long projectId);

    List<String> owners(long projectId);

    /** The project's owners plus one user, each address once. */
    default List<String> ownersAnd(long projectId, long userId) {
        Set<String> all = new LinkedHashSet<>(owners(projectId));
        all.addAll(user(userId));
        return new ArrayList<>(all);
    }
}
