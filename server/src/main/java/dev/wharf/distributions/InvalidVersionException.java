package dev.wharf.distributions;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * Thrown when a version string is not a valid PEP 440 version.
 * The message is shown to the client verbatim.
 */
public final class InvalidVersionException extends WharfException {
    public InvalidVersionException(String message) {
        super(Refusal.BAD_REQUEST, message);
    }
}
