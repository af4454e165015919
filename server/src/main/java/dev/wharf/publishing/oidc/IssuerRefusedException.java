package dev.wharf.publishing.oidc;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * An administrator's change to the issuer registry was refused: a bad URL, a bad pinned key set, a
 * duplicate, a built-in issuer, or an issuer that is not registered. The message names what to fix.
 */
public final class IssuerRefusedException extends WharfException {
    private IssuerRefusedException(Refusal refusal, String message) {
        super(refusal, message);
    }

    static IssuerRefusedException invalidUrl(String message) {
        return new IssuerRefusedException(Refusal.BAD_REQUEST, message);
    }

    static IssuerRefusedException invalidJwks(String detail) {
        return new IssuerRefusedException(Refusal.BAD_REQUEST, "The pinned JWKS is not usable: " + detail);
    }

    static IssuerRefusedException builtIn(String url) {
        return new IssuerRefusedException(
                Refusal.CONFLICT, "The issuer " + url + " is built in; it cannot be added or removed.");
    }

    static IssuerRefusedException duplicate(String url) {
        return new IssuerRefusedException(Refusal.CONFLICT, "The issuer " + url + " is already registered.");
    }

    static IssuerRefusedException notFound(String url) {
        return new IssuerRefusedException(Refusal.NOT_FOUND, "No issuer " + url + " is registered.");
    }
}
