package dev.wharf.accounts;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** A session that has expired or was logged out, where one was required. */
public final class SessionExpiredException extends WharfException {
    public SessionExpiredException(String message) {
        super(Refusal.FORBIDDEN, message);
    }
}
