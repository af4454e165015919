package dev.wharf.upload;

import java.util.Optional;
import java.util.Set;

/**
 * Who is uploading, as established from the API token: the user it belongs to, the token's id (for
 * the event log; never the token itself) and, for a project-scoped token, the normalized names it
 * may upload to.
 */
public record Uploader(long userId, String username, String tokenId, Optional<Set<String>> tokenProjects) {
}
