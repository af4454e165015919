package dev.wharf.accounts;

import java.time.Instant;

/**
 * A new invitation: the code to hand to the invitee (shown once; only its SHA-256 is stored) and
 * when it stops working. {@link #toString()} leaves the code out so it cannot reach a log.
 */
public record Invite(String code, Instant expiresAt) {
    @Override
    public String toString() {
        return "Invite[code=<redacted>, expiresAt=" + expiresAt + "]";
    }
}
