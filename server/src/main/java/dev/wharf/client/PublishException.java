package dev.wharf.client;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** Publishing could not proceed; the message says what to fix and never contains a token. */
public final class PublishException extends WharfException {
    public PublishException(String message) {
        super(Refusal.BAD_REQUEST, message);
    }
}
