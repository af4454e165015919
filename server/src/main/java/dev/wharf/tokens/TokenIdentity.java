package dev.wharf.tokens;

import java.util.Optional;
import java.util.Set;

/**
 * Who an authenticated token speaks for and how far.
 *
 * @param tokenId the token's id (recorded with uploads, never secret)
 * @param userId the user the token belongs to
 * @param projects the projects the token is limited to: the intersection of every project caveat
 *     it carries, including any its bearer added; empty means all projects of the user
 */
public record TokenIdentity(String tokenId, long userId, Optional<Set<String>> projects) implements TokenBearer {
    public TokenIdentity {
        projects = projects.map(Set::copyOf);
    }
}
