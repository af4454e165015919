package dev.wharf.distributions;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * Thrown when a project name is not a valid PEP 508 name.
 * The message is shown to the client verbatim.
 */
public final class InvalidProjectNameException extends WharfException {
    public InvalidProjectNameException(String message) {
        super(Refusal.BAD_REQUEST, message);
    }
}
