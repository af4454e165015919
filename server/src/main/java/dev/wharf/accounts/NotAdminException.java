package dev.wharf.accounts;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** A non-administrator asked for something only administrators may do. */
public final class NotAdminException extends WharfException {
    public NotAdminException(String message) {
        super(Refusal.FORBIDDEN, message);
    }
}
