package dev.wharf.web.manage;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The one-line message shown after a change ("Publisher added."), carried across the 303
 * redirect in a short-lived cookie and cleared by the page that shows it. The cookie holds only
 * text this server wrote; it is HttpOnly and SameSite=Lax, and a tampered one just shows its text,
 * escaped like everything else.
 */
final class Flash {
    static final String COOKIE = "wharf_flash";
    private static final int MAX_LENGTH = 600;

    private Flash() {}

    static void set(Context ctx, String basePath, String message) {
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(message.getBytes(StandardCharsets.UTF_8));
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        COOKIE + "=" + value + "; Path=" + path(basePath) + "; Max-Age=60; HttpOnly; SameSite=Lax");
    }

    /** The pending message, if any, and clears it. */
    static String take(Context ctx, String basePath) {
        String raw = ctx.cookie(COOKIE);
        if (raw == null) {
            return "";
        }
        ctx.res().addHeader("Set-Cookie", COOKIE + "=; Path=" + path(basePath) + "; Max-Age=0; HttpOnly; SameSite=Lax");
        if (raw.length() > MAX_LENGTH) {
            return "";
        }
        try {
            return new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String path(String basePath) {
        return basePath.isEmpty() ? "/" : basePath + "/";
    }
}
