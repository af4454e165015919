package dev.wharf.publishing.providers;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.LookupKey;
import dev.wharf.publishing.MatchOutcome;
import dev.wharf.publishing.PublisherKind;
import java.util.Optional;

/**
 * The claim rules of one publisher kind: which claims select candidate publishers, which
 * candidate is the most specific, and whether the claims satisfy a publisher.
 */
public sealed interface ClaimCheck permits TableClaimCheck {

    /** Returned by {@link #specificity} for a publisher the claims cannot select. */
    int NOT_SELECTABLE = -1;

    PublisherKind kind();

    /**
     * Checks every claim of the kind's table against {@code publisher}: presence first, then the
     * required checks in pypi.org's order, then the optional ones. Never throws for odd claims:
     * a claim of the wrong JSON type is a {@link MatchOutcome.Mismatch}.
     *
     * @throws IllegalArgumentException if {@code publisher} is of another kind (a programming error)
     */
    MatchOutcome match(PublisherIdentity publisher, Claims claims);

    /** {@code Missing claim '<name>'} for the first required claim absent or null. */
    Optional<String> missingClaim(Claims claims);

    /**
     * The lookup key the claims name.
     *
     * @throws PublisherMismatchException when the claims cannot name one, with pypi.org's reason
     *     (e.g. {@code Could not job extract workflow filename from OIDC claims})
     */
    LookupKey lookupKey(Claims claims);

    /**
     * How specifically {@code publisher} fits the claims among candidates sharing the lookup key:
     * 2 for an exact environment (or Google {@code sub}), 1 for a publisher that accepts any,
     * {@link #NOT_SELECTABLE} for one that names a different one. The most specific wins, as on pypi.org.
     */
    int specificity(PublisherIdentity publisher, Claims claims);

    static ClaimCheck forKind(PublisherKind kind) {
        return switch (kind) {
            case GITHUB -> GitHubClaims.INSTANCE;
            case GITLAB -> GitLabClaims.INSTANCE;
            case GOOGLE -> GoogleClaims.INSTANCE;
            case ACTIVESTATE -> ActiveStateClaims.INSTANCE;
        };
    }
}
