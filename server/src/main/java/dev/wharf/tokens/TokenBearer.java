package dev.wharf.tokens;

import java.util.Optional;
import java.util.Set;

/**
 * Who an authenticated token speaks for: a user ({@link TokenIdentity}) or, for a token minted by
 * Trusted Publishing, a trusted publisher ({@link PublisherTokenIdentity}).
 */
public sealed interface TokenBearer permits TokenIdentity, PublisherTokenIdentity {
    /** The token's id (recorded with uploads, never secret). */
    String tokenId();

    /** The projects the token is limited to; empty means no project caveat. */
    Optional<Set<String>> projects();
}
