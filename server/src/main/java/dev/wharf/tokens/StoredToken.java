package dev.wharf.tokens;

import java.util.List;
import java.util.OptionalLong;

/**
 * One {@code api_tokens} row: what verifying a token needs, and what listing it shows. Never the
 * token. Times are microseconds since the epoch, as stored.
 *
 * @param userId empty exactly when {@code publisherId} is present
 * @param publisherId the trusted publisher a Trusted Publishing token was minted for
 * @param claimsJson the OIDC claims kept with such a token (JSON object of strings; "{}" otherwise)
 * @param rootKey the 32-byte key the token's HMAC chain starts from
 * @param caveats the caveats the token was issued with
 */
record StoredToken(
        String id,
        OptionalLong userId,
        OptionalLong publisherId,
        String claimsJson,
        String description,
        byte[] rootKey,
        List<Caveat> caveats,
        long createdAt,
        OptionalLong expiresAt,
        OptionalLong lastUsedAt,
        OptionalLong revokedAt) {
    StoredToken {
        if (userId.isPresent() == publisherId.isPresent()) {
            throw new IllegalArgumentException("a token belongs to a user or to a trusted publisher, exactly one");
        }
        rootKey = rootKey.clone();
        caveats = List.copyOf(caveats);
    }

    @Override
    public byte[] rootKey() {
        return rootKey.clone();
    }

    /** Leaves the key out, so that logging a row by accident leaks nothing. */
    @Override
    public String toString() {
        return "StoredToken[id=" + id + ", userId=" + userId + ", key=<redacted>]";
    }
}
