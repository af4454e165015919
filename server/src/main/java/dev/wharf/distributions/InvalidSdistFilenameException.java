package dev.wharf.distributions;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * Thrown when an sdist filename does not follow PEP 625.
 * The message is shown to the client verbatim.
 */
public final class InvalidSdistFilenameException extends WharfException {
    public InvalidSdistFilenameException(String message) {
        super(Refusal.BAD_REQUEST, message);
    }
}
