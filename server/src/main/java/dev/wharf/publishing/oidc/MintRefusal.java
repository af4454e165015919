package dev.wharf.publishing.oidc;

/**
 * The error codes of pypi.org's {@code POST /_/oidc/mint-token} (warehouse {@code oidc/views.py}),
 * which clients such as {@code gh-action-pypi-publish} show to the user. The codes are wire format:
 * never rename one.
 */
public enum MintRefusal {
    /** The body, or the JWT before verification, is unusable; or its issuer is unknown. */
    INVALID_PAYLOAD("invalid-payload"),
    /** Trusted publishing is switched off, globally or for the issuer's kind. */
    NOT_ENABLED("not-enabled"),
    /** The signature or a standard claim does not verify. */
    INVALID_TOKEN("invalid-token"),
    /** A valid token that no trusted publisher matches. */
    INVALID_PUBLISHER("invalid-publisher"),
    /** A pending publisher matched, but its project cannot be created. */
    INVALID_PENDING_PUBLISHER("invalid-pending-publisher"),
    /** The token's {@code jti} was exchanged before. */
    INVALID_REUSE_TOKEN("invalid-reuse-token");

    private final String code;

    MintRefusal(String code) {
        this.code = code;
    }

    /** The {@code code} member of the error object, e.g. {@code invalid-token}. */
    public String code() {
        return code;
    }
}
