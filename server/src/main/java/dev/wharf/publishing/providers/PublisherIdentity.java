package dev.wharf.publishing.providers;

import dev.wharf.publishing.PublisherKind;
import java.util.Optional;

/**
 * Who a trusted publisher is: the columns that identify one CI identity of one kind. Build one
 * with the kind's {@code validated(...)} factory, which applies pypi.org's registration rules
 * (warehouse {@code oidc/forms}); the canonical record constructors are for rows read back from
 * the database, which were validated when written.
 */
public sealed interface PublisherIdentity permits GitHubIdentity, GitLabIdentity, GoogleIdentity, ActiveStateIdentity {

    PublisherKind kind();

    /**
     * The issuer whose tokens this publisher accepts; part of the identity and of the lookup. The
     * kind's public issuer unless the publisher names another (GitHub Enterprise, self-managed GitLab).
     */
    default String issuerUrl() {
        return kind().canonicalIssuer();
    }

    /** How a person reads the publisher, e.g. {@code owner/repo, workflow release.yml, environment pypi}. */
    String displayName();

    /**
     * pypi.org's {@code publisher_url}: the repository (or project) page, pointing at the commit
     * when the token's {@code sha} is given; empty for Google, which has no such page.
     */
    Optional<String> url(Optional<String> sha);

    /**
     * The identity's unique key, stored in {@code identity_key}: two registrations with the same
     * key are the same publisher, and a second registration reuses the row, as on pypi.org. It
     * folds case exactly where matching does, so two rows can never match the same claims by
     * differing only in case.
     */
    String identityKey();
}
