package dev.wharf.accounts;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** Registration is refused by the instance's {@link RegistrationPolicy}, or an invitation is missing. */
public final class RegistrationClosedException extends WharfException {
    public RegistrationClosedException(String message) {
        super(Refusal.FORBIDDEN, message);
    }
}
