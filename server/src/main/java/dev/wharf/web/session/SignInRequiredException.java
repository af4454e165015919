package dev.wharf.web.session;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * Thrown by {@link WebSessions#require} when a page needs a signed-in user and there is none;
 * {@link WebSessions} answers it with a 303 redirect to {@link #location()} (the login page, or the
 * two-factor step of a half-finished login) rather than an error page.
 */
public final class SignInRequiredException extends WharfException {
    private final String location;

    SignInRequiredException(String location) {
        super(Refusal.FORBIDDEN, "Log in to see this page");
        this.location = location;
    }

    /** Where the browser is sent. */
    public String location() {
        return location;
    }
}
