package dev.wharf.accounts;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** The current password given to confirm a change is not the user's password. */
public final class WrongPasswordException extends WharfException {
    public WrongPasswordException(String message) {
        super(Refusal.FORBIDDEN, message);
    }
}
