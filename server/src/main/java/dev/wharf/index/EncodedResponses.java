package dev.wharf.index;

import dev.wharf.http.AcceptEncoding;
import dev.wharf.http.ContentCoding;
import dev.wharf.http.EncodedBody;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;

/**
 * Sends a cached page in the content coding the client prefers: the bytes were encoded when the page
 * was rendered, so a request only copies them (never compresses). Every answer, 200, 304 or HEAD,
 * carries the chosen variant's ETag, its {@code Content-Encoding} and, but for 304, its exact
 * {@code Content-Length}.
 */
public final class EncodedResponses {
    private EncodedResponses() {
    }

    /**
     * @param vary the request headers the answer depends on besides {@code Accept-Encoding}
     *     (the simple API: {@code Accept}), or empty
     */
    public static void send(Context ctx, EncodedBody body, String contentType, Optional<String> vary) {
        ctx.header("Vary", vary.map(v -> v + ", Accept-Encoding").orElse("Accept-Encoding"));
        // The bytes are final: Javalin must not compress them again (or at all, for identity).
        ctx.disableCompression();
        Optional<ContentCoding> chosen = AcceptEncoding.parse(ctx.header("Accept-Encoding"))
                .choose(body.codings(), coding -> body.variant(coding).length());
        if (chosen.isEmpty()) {
            ctx.status(406).contentType("text/plain; charset=utf-8")
                    .result("406 Not Acceptable: this page is served as identity, gzip or zstd, and the request's "
                            + "Accept-Encoding refuses all three.\n");
            return;
        }
        EncodedBody.Variant variant = body.variant(chosen.get());
        ctx.header("ETag", variant.etag());
        ctx.contentType(contentType);
        if (variant.coding() != ContentCoding.IDENTITY) {
            ctx.header("Content-Encoding", variant.coding().token());
        }
        if (ifNoneMatch(ctx.header("If-None-Match"), variant.etag())) {
            ctx.status(304);
            return;
        }
        ctx.header("Content-Length", Long.toString(variant.length()));
        if (ctx.method() == HandlerType.HEAD) {
            return;
        }
        if (variant.parts().size() == 1) {
            ctx.result(variant.parts().getFirst());
        } else {
            ctx.result(variant.open());
        }
    }

    /** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): {@code W/"x"} matches {@code "x"}. */
    static boolean ifNoneMatch(String header, String etag) {
        if (header == null || header.length() > 4096) {
            return false;
        }
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag) || tag.equals("*")) {
                return true;
            }
        }
        return false;
    }
}
