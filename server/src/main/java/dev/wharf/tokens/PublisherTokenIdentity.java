package dev.wharf.tokens;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A short-lived token minted by Trusted Publishing: it speaks for a trusted publisher, not a user.
 *
 * @param publisherId the publisher it was minted for (its OIDCPublisher caveat)
 * @param projects    the normalized names of the publisher's projects at mint time
 * @param claims      the claims of the exchanged OIDC token worth keeping with uploads (repository,
 *                    workflow, ref, sha, environment), as recorded at mint time
 */
public record PublisherTokenIdentity(
        String tokenId, long publisherId, Optional<Set<String>> projects, Map<String, String> claims)
        implements TokenBearer {
    public PublisherTokenIdentity {
        projects = projects.map(Set::copyOf);
        claims = Map.copyOf(claims);
    }
}
