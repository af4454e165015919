package dev.wharf.app;

import dev.wharf.errors.Causes;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.StorageFull;
import dev.wharf.errors.WharfException;
import dev.wharf.text.Json;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where refusals become HTTP responses. Like pypi.org's upload API (Warehouse
 * {@code forklift/legacy.py}), the message goes into the reason phrase and into the body: JSON
 * {@code {"message", "code", "title"}} when the client prefers {@code application/json} (uv), plain
 * text otherwise (twine, poetry, pdm). Unexpected exceptions are logged with their stack trace and
 * answered with a generic 500 that reveals nothing.
 */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    static final String STORAGE_FULL =
            "The index has no space left to store this; try again later, and tell its administrator";

    private ErrorMapping() {}

    static int status(Refusal refusal) {
        return switch (refusal) {
            case BAD_REQUEST -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case CONFLICT -> 409;
            case GONE -> 410;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case RATE_LIMITED -> 429;
            case INSUFFICIENT_STORAGE -> 507;
            case UPSTREAM_FAILED -> 502;
            case UPSTREAM_TIMEOUT -> 504;
        };
    }

    static void refused(WharfException exception, Context ctx) {
        if (exception.refusal() == Refusal.UPSTREAM_FAILED || exception.refusal() == Refusal.UPSTREAM_TIMEOUT) {
            // Not the client's doing and not our bug, but the administrator must hear of it.
            LOG.warn("{} {}: {}", ctx.method(), ctx.path(), exception.getMessage());
        }
        respond(ctx, status(exception.refusal()), exception.getMessage());
    }

    static void unexpected(Exception exception, Context ctx) {
        Optional<Throwable> framing = badFraming(exception);
        if (framing.isPresent()) {
            // The client's body ended early or its Content-Length / chunked framing is broken: its
            // fault, not ours. One line, no stack trace (anyone can send these).
            LOG.info(
                    "Refused {} {}: the request body is cut short or badly framed ({})",
                    ctx.method(),
                    ctx.path(),
                    framing.get().getMessage());
            respond(
                    ctx,
                    400,
                    "The request body ended before its declared length, or its chunked encoding is invalid; "
                            + "send the whole body with a correct Content-Length or valid chunks");
            return;
        }
        if (StorageFull.causedBy(exception)) {
            LOG.error("No space left to store {} {}: {}", ctx.method(), ctx.path(), exception.getMessage());
            respond(ctx, 507, STORAGE_FULL);
            return;
        }
        LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), exception);
        respond(ctx, 500, "Internal server error; the administrator can find the details in the server log.");
    }

    /**
     * Jetty's signal that the request body broke off (an early EOF: a half-close before the declared
     * length, a garbage or lying chunk size) or that the request was malformed, anywhere in the cause
     * chain: the body reader wraps what the stream throws.
     */
    static Optional<Throwable> badFraming(Throwable exception) {
        return Causes.first(
                exception,
                cause -> cause instanceof org.eclipse.jetty.io.EofException
                        || cause instanceof org.eclipse.jetty.http.BadMessageException);
    }

    static void respond(Context ctx, int status, String message) {
        ctx.status(status);
        ctx.header(ReasonPhraseConnectionFactory.REASON_HEADER, ReasonPhraseConnectionFactory.sanitize(message));
        if (prefersJson(ctx.header("Accept"))) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", message);
            body.put("code", status + " " + message);
            body.put("title", title(status));
            ctx.contentType("application/json").result(Json.MAPPER.writeValueAsString(body));
        } else {
            ctx.contentType("text/plain; charset=utf-8").result(status + " " + message + "\n");
        }
    }

    private static boolean prefersJson(String accept) {
        if (accept == null || accept.length() > 4096) {
            return false;
        }
        double json = -1;
        double other = -1;
        for (String element : accept.split(",")) {
            String[] parts = element.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("application/json")) {
                json = Math.max(json, q);
            } else if (type.equals("text/plain") || type.equals("text/html") || type.equals("*/*")) {
                other = Math.max(other, q);
            }
        }
        return json > 0 && json >= other;
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 507 -> "Insufficient Storage";
            case 502 -> "Bad Gateway";
            case 504 -> "Gateway Timeout";
            default -> "Internal Server Error";
        };
    }
}
