package dev.wharf.publishing;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * A verified token's claims match no trusted publisher. {@link #reason()} is the text pypi.org
 * puts inside {@code valid token, but no corresponding publisher (<reason>)} for the
 * {@code invalid-publisher} error: it names the check that failed for the
 * publisher that nearly matched, or says that none shares the token's identity, and never shows
 * configuration the token's holder could not already see.
 */
public final class PublisherMismatchException extends WharfException {
    public static final String NOT_FOUND = "Publisher with matching claims was not found";

    private final String reason;

    public PublisherMismatchException(String reason) {
        super(Refusal.BAD_REQUEST, "valid token, but no corresponding publisher (" + reason + ")");
        this.reason = reason;
    }

    public static PublisherMismatchException notFound() {
        return new PublisherMismatchException(NOT_FOUND);
    }

    /** The reason alone, without the {@code valid token, but no corresponding publisher} frame. */
    public String reason() {
        return reason;
    }
}
