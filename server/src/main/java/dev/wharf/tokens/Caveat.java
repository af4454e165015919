package dev.wharf.tokens;

import java.util.List;

/**
 * A first-party caveat of an API token: a restriction the bearer can add but never remove.
 *
 * <p>On the wire a caveat is the compact JSON array {@code [tag, field, ...]}, its fields in the
 * order they are declared here, as pypi.org encodes them (warehouse
 * {@code macaroons/caveats/_core.py}). Wharf uses pypi.org's tag numbers, so a token narrowed with
 * a tool written for pypi.org (e.g. {@code pypitoken}) means the same thing here.
 *
 * <p><b>This format is append-only, because tokens already handed out must keep their meaning:</b>
 * <ul>
 *   <li>a tag, once given, is never reused or renumbered, even after its caveat is retired;</li>
 *   <li>fields are never reordered or removed; a new field goes at the end and must have a
 *       default, which is what a token minted before that field existed means;</li>
 *   <li>a change that cannot be made this way is a new caveat with a new tag.</li>
 * </ul>
 * Tag 2 ({@code ProjectID}) is pypi.org's; Wharf reserves it and refuses it. Tag 4
 * ({@code OIDCPublisher}) names the trusted publisher a short-lived token was minted for.
 * Unlike warehouse, which ignores surplus trailing fields, a caveat with fields Wharf does not know
 * refuses the token: a field added later is a restriction, and ignoring it would fail open.
 */
sealed interface Caveat permits Caveat.Expiration, Caveat.ProjectNames, Caveat.RequestUser, Caveat.OidcPublisher {
    int EXPIRATION = 0;
    int PROJECT_NAMES = 1;
    /** Reserved: pypi.org's {@code ProjectID}. */
    int PROJECT_IDS = 2;

    int REQUEST_USER = 3;
    /** pypi.org's {@code OIDCPublisher}, for Trusted Publishing. */
    int OIDC_PUBLISHER = 4;

    int tag();

    /**
     * Tag 0: valid from {@code notBefore} (inclusive) until {@code expiresAt} (exclusive), both in
     * seconds since the epoch, as pypi.org checks them ({@code now < not_before or now >= expires_at}
     * fails, no leeway).
     */
    record Expiration(long expiresAt, long notBefore) implements Caveat {
        @Override
        public int tag() {
            return EXPIRATION;
        }
    }

    /** Tag 1: only for these projects (PEP 503 normalized names). */
    record ProjectNames(List<String> normalizedNames) implements Caveat {
        public ProjectNames {
            normalizedNames = List.copyOf(normalizedNames);
        }

        @Override
        public int tag() {
            return PROJECT_NAMES;
        }
    }

    /** Tag 3: only when the token's row belongs to this user (the id as a decimal string). */
    record RequestUser(String userId) implements Caveat {
        @Override
        public int tag() {
            return REQUEST_USER;
        }
    }

    /**
     * Tag 4: only for requests identified as this trusted publisher, pypi.org's
     * {@code [4, "<publisher id>", null]}; the second field is pypi.org's deprecated
     * {@code oidc_claims}, always null. Whether the publisher is still attached to the project is
     * checked at every upload, not here.
     */
    record OidcPublisher(String publisherId) implements Caveat {
        @Override
        public int tag() {
            return OIDC_PUBLISHER;
        }
    }
}
