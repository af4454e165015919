package dev.wharf.tokens;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * A presented token does not authorize the request (HTTP 403, as pypi.org answers). The message is
 * for the person running the upload and never contains the token or any part of it.
 *
 * <p>Help links are relative ({@code /help/#...}) rather than pypi.org's absolute
 * {@code https://pypi.org/help/#...}: Wharf does not know under which URL it is reached (proxies), and
 * a path on the same host is what a reader of the message needs.
 */
public final class TokenRefusedException extends WharfException {
    /** pypi.org's message for a missing, malformed, unknown or forged token (with a relative help link). */
    public static final String INVALID_MESSAGE =
            "Invalid or non-existent authentication information. See /help/#invalid-auth for more information.";
    /** pypi.org's "Invalid API Token: token is expired", with what to do about it. */
    public static final String EXPIRED_MESSAGE = "Invalid API Token: token is expired. Create a new token.";
    /** pypi.org folds this into "token is expired"; Wharf says which it is. */
    public static final String NOT_YET_VALID_MESSAGE =
            "Invalid API Token: token is not valid yet (its not-before time is in the future).";

    public static final String REVOKED_MESSAGE = "Invalid API Token: token has been revoked. Create a new token.";
    /** warehouse's RequestUser failure text. */
    public static final String WRONG_USER_MESSAGE =
            "Invalid API Token: current user does not match user restriction in token";

    /** Why a token was refused, for callers that count or log refusals (never the token itself). */
    public enum Reason {
        /** Malformed, unknown, or its signature does not verify. */
        INVALID,
        EXPIRED,
        NOT_YET_VALID,
        REVOKED,
        /** Authentic, but carries a caveat Wharf cannot evaluate or that fails (fail closed). */
        CAVEAT,
        /** Authentic and valid, but not for this project. */
        PROJECT
    }

    private final Reason reason;

    private TokenRefusedException(Reason reason, String message) {
        super(Refusal.FORBIDDEN, message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static TokenRefusedException invalid() {
        return new TokenRefusedException(Reason.INVALID, INVALID_MESSAGE);
    }

    static TokenRefusedException expired() {
        return new TokenRefusedException(Reason.EXPIRED, EXPIRED_MESSAGE);
    }

    static TokenRefusedException notYetValid() {
        return new TokenRefusedException(Reason.NOT_YET_VALID, NOT_YET_VALID_MESSAGE);
    }

    static TokenRefusedException revoked() {
        return new TokenRefusedException(Reason.REVOKED, REVOKED_MESSAGE);
    }

    /** warehouse's OIDCPublisher failure text. */
    public static final String WRONG_PUBLISHER_MESSAGE =
            "Invalid API Token: current OIDC publisher does not match publisher restriction in token";

    static TokenRefusedException wrongPublisher() {
        return new TokenRefusedException(Reason.CAVEAT, WRONG_PUBLISHER_MESSAGE);
    }

    static TokenRefusedException wrongUser() {
        return new TokenRefusedException(Reason.CAVEAT, WRONG_USER_MESSAGE);
    }

    /** An authentic caveat Wharf does not understand; {@code detail} names its tag or shape, not its content. */
    static TokenRefusedException unsupportedCaveat(String detail) {
        return new TokenRefusedException(
                Reason.CAVEAT,
                "Invalid API Token: " + detail + ". This index accepts caveats with tags 0, 1, 3 and 4.");
    }

    /** pypi.org's message for a token scoped to other projects (with a relative help link). */
    static TokenRefusedException notForProject(String normalizedProject) {
        return new TokenRefusedException(
                Reason.PROJECT,
                "The given token isn't allowed to upload to project '" + normalizedProject
                        + "'. See /help/#project-name for more information.");
    }
}
