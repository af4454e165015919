package dev.wharf.tokens;

/**
 * A token just created: its id (for listing and revoking) and the secret {@code pypi-...} string,
 * which exists only here and is shown to its owner once; Wharf keeps no copy.
 *
 * @param id the token id, also the macaroon identifier (a UUID)
 * @param secret the whole token, {@code pypi-} included
 */
public record IssuedToken(String id, String secret) {
    /** Leaves the secret out, so that logging this record by accident leaks nothing. */
    @Override
    public String toString() {
        return "IssuedToken[id=" + id + ", secret=<redacted>]";
    }
}
