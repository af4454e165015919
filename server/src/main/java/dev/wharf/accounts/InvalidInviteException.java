package dev.wharf.accounts;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** An invitation code that does not exist, was already used or has expired. */
public final class InvalidInviteException extends WharfException {
    public InvalidInviteException(String message) {
        super(Refusal.FORBIDDEN, message);
    }
}
