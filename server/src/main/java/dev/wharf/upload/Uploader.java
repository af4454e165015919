package dev.wharf.upload;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is uploading, as established from the API token: a user (an ordinary API token) or a trusted
 * publisher (a token minted by Trusted Publishing). Holds the token's id for the event log, never
 * the token itself, and the projects a scoped token may upload to.
 *
 * @param userId          the user, for user tokens
 * @param name            the user name, or the publisher's description, for messages
 * @param publisherId     the trusted publisher, for tokens minted by Trusted Publishing
 * @param publisherClaims what the exchanged OIDC token said (repository, workflow, ref, sha, ...), recorded with files
 */
public record Uploader(
        Optional<Long> userId,
        String name,
        String tokenId,
        Optional<Set<String>> tokenProjects,
        Optional<Long> publisherId,
        Map<String, String> publisherClaims) {

    public Uploader {
        if (userId.isPresent() == publisherId.isPresent()) {
            throw new IllegalArgumentException("an uploader is a user or a trusted publisher, exactly one");
        }
        publisherClaims = Map.copyOf(publisherClaims);
    }

    public static Uploader user(long userId, String username, String tokenId, Optional<Set<String>> projects) {
        return new Uploader(Optional.of(userId), username, tokenId, projects, Optional.empty(), Map.of());
    }

    public static Uploader publisher(
            long publisherId, String tokenId, Set<String> projects, Map<String, String> claims) {
        return new Uploader(
                Optional.empty(),
                "trusted publisher " + publisherId,
                tokenId,
                Optional.of(projects),
                Optional.of(publisherId),
                claims);
    }

    public boolean isPublisher() {
        return publisherId.isPresent();
    }
}
