package dev.wharf.index;

import dev.wharf.http.AcceptEncoding;
import dev.wharf.http.ContentCoding;
import dev.wharf.http.EncodedBody;
import dev.wharf.http.EntityTags;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a cached page in the content coding the client prefers: the bytes were encoded when the page
 * was rendered, so a request only hands them to the socket (never compresses, never copies them on
 * the heap). Every answer, 200, 304 or HEAD, carries the chosen variant's ETag, its
 * {@code Content-Encoding} and, but for 304, its exact {@code Content-Length}.
 *
 * <p>The body is written by an after-handler, {@link #register}, that must be the last one
 * registered: writing commits the response, and headers that earlier after-handlers set (security
 * headers, {@code Cache-Control: private} for private reads) would otherwise be lost.
 */
public final class EncodedResponses {
    private static final Logger LOG = LoggerFactory.getLogger(EncodedResponses.class);
    private static final String PENDING = EncodedResponses.class.getName() + ".pending";
    private static final int ARRIVING_BUFFER = 256 * 1024;
    private static final String PENDING_STREAM = EncodedResponses.class.getName() + ".pendingStream";

    private EncodedResponses() {}

    /** Registers the writer of pending bodies; call after every other after-handler is registered. */
    public static void register(JavalinDefaultRoutingApi routes) {
        routes.after(EncodedResponses::writePending);
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
            ctx.status(406)
                    .contentType("text/plain; charset=utf-8")
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
        if (EntityTags.noneMatchFails(ctx.header("If-None-Match"), variant.etag())) {
            ctx.status(304);
            return;
        }
        ctx.header("Content-Length", Long.toString(variant.length()));
        if (ctx.method() == HandlerType.HEAD) {
            return;
        }
        ctx.attribute(PENDING, variant);
    }

    /** A body that arrives while it is sent (a mirror's file being downloaded). */
    @FunctionalInterface
    public interface ArrivingBody {
        InputStream open() throws IOException;
    }

    /**
     * Sends {@code body} after every after-handler has set its headers. The headers are sent first, so
     * if the body then fails (an upstream breaks off, a hash does not match) the client sees a response
     * cut short of its {@code Content-Length}, which every HTTP client reports as an error, and never a
     * complete one. The caller has set the status, the headers and the exact {@code Content-Length}.
     */
    public static void sendArriving(Context ctx, ArrivingBody body) {
        ctx.disableCompression();
        ctx.attribute(PENDING_STREAM, body);
    }

    private static void writePending(Context ctx) {
        ArrivingBody arriving = ctx.attribute(PENDING_STREAM);
        if (arriving != null) {
            writeArriving(ctx, arriving);
            return;
        }
        EncodedBody.Variant variant = ctx.attribute(PENDING);
        if (variant == null) {
            return;
        }
        try {
            // Jetty's HttpOutput takes a direct buffer to the socket without copying it.
            HttpOutput out = (HttpOutput) ctx.res().getOutputStream();
            for (ByteBuffer part : variant.parts()) {
                out.write(part.duplicate());
            }
        } catch (IOException e) {
            // The client went away mid-body: nothing to answer, nothing of ours went wrong.
            LOG.debug("Page not sent: {}", e.getMessage());
        }
    }

    private static void writeArriving(Context ctx, ArrivingBody arriving) {
        try {
            OutputStream out = ctx.res().getOutputStream();
            ctx.res().flushBuffer();
            try (InputStream in = arriving.open()) {
                // Large pieces: each read of an arriving body takes a lock and a positional file read.
                byte[] buffer = new byte[ARRIVING_BUFFER];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // The client left, or the body failed after the headers went out: Jetty ends the connection
            // short of the declared length. The reason is logged where the body failed.
            LOG.debug("Body not sent whole: {}", e.getMessage());
        }
    }
}
