package dev.wharf.tokens;

/**
 * A caveat's bytes are not a caveat Wharf issues or understands. Internal: the service turns it into
 * a {@link TokenRefusedException}. Messages name tags and shapes, never caveat contents.
 */
final class CaveatFormatException extends Exception {
    CaveatFormatException(String message) {
        super(message, null, false, false);
    }
}
