package dev.wharf.accounts;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** A new password that breaks a rule (length, equal to the user name or to the old password). */
public final class PasswordRejectedException extends WharfException {
    public PasswordRejectedException(String message) {
        super(Refusal.BAD_REQUEST, message);
    }
}
