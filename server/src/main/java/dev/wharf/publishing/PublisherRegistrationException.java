package dev.wharf.publishing;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * A publisher or pending publisher could not be registered: a field breaks pypi.org's
 * registration rules, the publisher is already registered, or the pending-publisher limits are
 * reached. The message is shown to the person registering, verbatim.
 */
public final class PublisherRegistrationException extends WharfException {
    public PublisherRegistrationException(String message) {
        super(Refusal.BAD_REQUEST, message);
    }

    public PublisherRegistrationException(Refusal refusal, String message) {
        super(refusal, message);
    }
}
