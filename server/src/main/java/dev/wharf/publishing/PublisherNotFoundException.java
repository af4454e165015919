package dev.wharf.publishing;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** A publisher or pending publisher that the caller named does not exist, or is not theirs to change. */
public final class PublisherNotFoundException extends WharfException {
    public PublisherNotFoundException(String message) {
        super(Refusal.NOT_FOUND, message);
    }
}
