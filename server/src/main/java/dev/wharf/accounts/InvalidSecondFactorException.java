package dev.wharf.accounts;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** A TOTP or recovery code that is wrong, already used, or outside the time window. */
public final class InvalidSecondFactorException extends WharfException {
    public InvalidSecondFactorException(String message) {
        super(Refusal.FORBIDDEN, message);
    }
}
