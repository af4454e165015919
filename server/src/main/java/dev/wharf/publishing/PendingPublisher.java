package dev.wharf.publishing;

import dev.wharf.publishing.providers.PublisherIdentity;
import java.time.Instant;

/**
 * A publisher registered by a user for a project that does not exist yet
 * (docs.pypi.org/trusted-publishers/creating-a-project-through-oidc/): the first exchange that
 * matches it creates {@code projectName}, owned by {@code addedBy}.
 *
 * @param projectName    the name as the user typed it, which the new project will carry
 * @param normalizedName its PEP 503 normalized form
 */
public record PendingPublisher(
        long id,
        PublisherIdentity identity,
        String projectName,
        String normalizedName,
        long addedBy,
        Instant createdAt,
        Instant expiresAt) {
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
