package dev.wharf.web;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * Security headers on every response. Pages carry a Content-Security-Policy that allows no script
 * at all (the UI works without JavaScript), no framing, and forms posting only to this origin;
 * HSTS is sent when the index is served over https.
 */
public final class SecurityHeaders {
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";
    private final boolean https;

    public SecurityHeaders(boolean https) {
        this.https = https;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.after(this::apply);
    }

    private void apply(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "strict-origin-when-cross-origin");
        ctx.header("X-Frame-Options", "DENY");
        String type = ctx.res().getContentType();
        if (type != null && type.startsWith("text/html")) {
            ctx.header("Content-Security-Policy", CSP);
        }
        if (https) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
