package dev.wharf.tokens;

import java.time.Instant;

/**
 * A token minted for a trusted publisher: its id, the secret (shown once, to the CI job) and when it
 * expires (mint-token's {@code expires}).
 */
public record MintedToken(String id, String secret, Instant expires) {
    /** Leaves the secret out, so that logging one by accident leaks nothing. */
    @Override
    public String toString() {
        return "MintedToken[id=" + id + ", expires=" + expires + "]";
    }
}
