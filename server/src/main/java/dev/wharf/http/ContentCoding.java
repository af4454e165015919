package dev.wharf.http;

import java.util.Locale;
import java.util.Optional;

/**
 * The content codings Wharf serves cached pages in (RFC 9110 §8.4.1). {@code deflate} is left out
 * on purpose: every client that asks for it (pip, through urllib3) asks for gzip too, and gzip is
 * the same compressed data with an unambiguous framing.
 */
public enum ContentCoding {
    IDENTITY("identity"),
    GZIP("gzip"),
    ZSTD("zstd");

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The name used in {@code Accept-Encoding} and {@code Content-Encoding}. */
    public String token() {
        return token;
    }

    /** The coding a token names, case-insensitively; {@code x-gzip} is gzip (RFC 9110 §8.4.1.3). */
    static Optional<ContentCoding> byToken(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.equals("x-gzip")) {
            return Optional.of(GZIP);
        }
        for (ContentCoding coding : values()) {
            if (coding.token.equals(lower)) {
                return Optional.of(coding);
            }
        }
        return Optional.empty();
    }
}
