package dev.wharf.accounts;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import java.time.Duration;

/**
 * Too many failed logins for an account or from an address within the window; carries how long
 * until the next attempt is allowed so the web layer can also send {@code Retry-After}.
 */
public final class TooManyAttemptsException extends WharfException {
    private final Duration retryAfter;

    public TooManyAttemptsException(Duration retryAfter) {
        super(Refusal.RATE_LIMITED, message(retryAfter));
        this.retryAfter = retryAfter;
    }

    private static String message(Duration retryAfter) {
        long minutes = Math.max(1, (retryAfter.toSeconds() + 59) / 60);
        return "Too many failed logins; try again in " + minutes + (minutes == 1 ? " minute" : " minutes");
    }

    /** Time until an attempt would be allowed again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
