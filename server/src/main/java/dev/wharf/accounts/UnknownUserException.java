package dev.wharf.accounts;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** An operation named a user id that does not exist. */
public final class UnknownUserException extends WharfException {
    public UnknownUserException(String message) {
        super(Refusal.NOT_FOUND, message);
    }
}
