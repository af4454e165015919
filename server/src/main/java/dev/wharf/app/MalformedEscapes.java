package dev.wharf.app;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import io.javalin.http.Context;

/**
 * Refuses a request whose path or query holds a {@code %} that does not start a two-hex-digit escape
 * (RFC 3986 §2.1), such as IIS's {@code %u002e}: 400 with a message, before routing, instead of the
 * decoder's exception becoming a 500 with a stack trace in the log for every such request.
 */
final class MalformedEscapes {
    private MalformedEscapes() {}

    static void check(Context ctx) {
        if (malformed(ctx.req().getRequestURI()) || malformed(ctx.req().getQueryString())) {
            throw new WharfException(
                    Refusal.BAD_REQUEST,
                    "The request URL has a malformed percent-escape: '%' must be followed by two hexadecimal digits (RFC 3986)");
        }
    }

    static boolean malformed(String raw) {
        if (raw == null) {
            return false;
        }
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
