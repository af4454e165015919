package dev.wharf.tokens;

import java.util.List;
import java.util.OptionalLong;

/**
 * One {@code api_tokens} row: what verifying a token needs, and what listing it shows. Never the
 * token. Times are microseconds since the epoch, as stored.
 *
 * @param userId empty only for tokens minted for a trusted publisher (reserved, issue 3)
 * @param rootKey the 32-byte key the token's HMAC chain starts from
 * @param caveats the caveats the token was issued with
 */
record StoredToken(String id, OptionalLong userId, String description, byte[] rootKey, List<Caveat> caveats,
                   long createdAt, OptionalLong expiresAt, OptionalLong lastUsedAt, OptionalLong revokedAt) {
    StoredToken {
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
