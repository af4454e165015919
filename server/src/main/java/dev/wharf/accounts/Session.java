package dev.wharf.accounts;

import java.time.Instant;

/**
 * A browser session as {@link SessionService} hands it out. {@code rawId} is the cookie value; the
 * database holds only its SHA-256. {@code csrfSecret} keys the session's CSRF token. Neither
 * appears in {@link #toString()}, so a logged session leaks nothing.
 *
 * @param rawId the session id to put in the cookie (32 random bytes, base64url)
 * @param userId whose session this is
 * @param createdAt when the user logged in (the absolute limit counts from here)
 * @param lastSeenAt the last request that used the session (the idle limit counts from here)
 * @param expiresAt the absolute end, whatever the activity
 * @param secondFactorDone whether the user has passed the second factor in this session
 * @param csrfSecret base64url secret behind {@link SessionService#csrfToken}
 */
public record Session(
        String rawId,
        long userId,
        Instant createdAt,
        Instant lastSeenAt,
        Instant expiresAt,
        boolean secondFactorDone,
        String csrfSecret) {

    @Override
    public String toString() {
        return "Session[user=" + userId + ", createdAt=" + createdAt + ", lastSeenAt=" + lastSeenAt + ", expiresAt="
                + expiresAt + ", secondFactorDone=" + secondFactorDone + "]";
    }
}
