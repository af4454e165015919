package dev.wharf.web.account;

import dev.wharf.web.Templates;
import dev.wharf.web.session.SignedIn;
import dev.wharf.web.session.WebSessions;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Renders account pages with what every one of them needs (base path, CSRF token, who is signed
 * in, the flash line) and makes the redirects of POST-redirect-GET.
 */
final class Pages {
    private static final int MAX_NEXT = 500;
    private final Templates templates;
    private final String base;

    Pages(Templates templates, String base) {
        this.templates = templates;
        this.base = base;
    }

    String base() {
        return base;
    }

    /** Renders {@code template} (under {@code account/}) with the common parameters added. */
    void render(Context ctx, int status, String template, Map<String, ?> parameters) {
        Map<String, Object> all = new HashMap<>(parameters);
        all.put("base", base);
        all.put("csrf", WebSessions.csrf(ctx));
        all.put(
                "signedInAs",
                WebSessions.current(ctx).map(s -> s.user().username()).orElse(null));
        all.put(
                "flash",
                Optional.ofNullable(ctx.queryParam("done"))
                        .flatMap(Flash::of)
                        .map(f -> f.text)
                        .orElse(null));
        // Account pages may show secrets (a new token, recovery codes) and always show private data.
        ctx.header("Cache-Control", "no-store");
        templates.respond(ctx, status, "account/" + template, all);
    }

    void redirect(Context ctx, String path, Flash flash) {
        ctx.redirect(base + path + (path.contains("?") ? "&" : "?") + "done=" + flash.key, HttpStatus.SEE_OTHER);
    }

    void redirect(Context ctx, String path) {
        ctx.redirect(base + path, HttpStatus.SEE_OTHER);
    }

    /**
     * The page to return to after login: only a local path (one leading slash, no scheme, no
     * backslash), so the login form is not an open redirect. Relative to {@link #base}.
     */
    static String safeNext(String next) {
        if (next == null
                || next.isEmpty()
                || next.length() > MAX_NEXT
                || !next.startsWith("/")
                || next.startsWith("//")
                || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x20)) {
            return "/account/";
        }
        return next;
    }

    static SignedIn require(Context ctx) {
        return WebSessions.require(ctx);
    }
}
