package dev.wharf.accounts;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** A two-factor operation that does not fit the current state (already on, not on, not started). */
public final class TwoFactorStateException extends WharfException {
    public TwoFactorStateException(String message) {
        super(Refusal.CONFLICT, message);
    }
}
