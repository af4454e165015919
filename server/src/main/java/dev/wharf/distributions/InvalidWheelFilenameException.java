package dev.wharf.distributions;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * Thrown when a wheel filename does not follow the binary-distribution-format spec.
 * The message is shown to the client verbatim.
 */
public final class InvalidWheelFilenameException extends WharfException {
    public InvalidWheelFilenameException(String message) {
        super(Refusal.BAD_REQUEST, message);
    }
}
