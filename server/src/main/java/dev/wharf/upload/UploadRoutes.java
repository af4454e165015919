package dev.wharf.upload;

import dev.wharf.errors.Refusal;
import dev.wharf.http.RequestBodies;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.util.List;

/**
 * {@code POST /legacy/}, the upload endpoint every client uses, and pypi.org's answers around it:
 * {@code /legacy} without the slash is a 308, retired actions ({@code submit}, {@code doc_upload}) are 410.
 */
public final class UploadRoutes {
    private final UploadService uploads;
    private final UploadAuthenticator authenticator;
    private final MultipartUploadReader reader;

    public UploadRoutes(UploadService uploads, UploadAuthenticator authenticator, MultipartUploadReader reader) {
        this.uploads = uploads;
        this.authenticator = authenticator;
        this.reader = reader;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.post("/legacy/", this::upload);
        routes.post("/legacy", ctx -> {
            ctx.header("Location", "/legacy/");
            ctx.header(
                    "X-Wharf-Reason",
                    "An upload was attempted to /legacy but the expected upload URL is /legacy/ (with a trailing slash)");
            ctx.status(308)
                    .result(
                            "An upload was attempted to /legacy but the expected upload URL is /legacy/ (with a trailing slash)\n");
        });
    }

    /** Handles one upload; see {@link UploadService} for the validation order. */
    private void upload(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > reader.drainLimit()) {
            // Larger than any upload this index accepts: refused before anything else, and not
            // drained (the client would be waited for, or sending, for nothing).
            ctx.header("Connection", "close");
            throw new dev.wharf.errors.WharfException(
                    dev.wharf.errors.Refusal.TOO_LARGE,
                    "The request body ("
                            + declared + " bytes) is larger than any upload this index accepts (" + reader.drainLimit()
                            + " bytes: the largest file plus the form fields). Ask the index administrator to raise upload.max-file-size.");
        }
        try {
            // Authenticate before staging a byte: a stranger cannot make us write anything to disk.
            Uploader uploader = authenticator.authenticate(ctx.header("Authorization"));
            String queryAction = ctx.queryParam(":action");
            try (UploadRequest request =
                    reader.read(ctx.header("Content-Type"), ctx.req().getInputStream(), uploads::fileTooLargeMessage)) {
                String action = queryAction != null ? queryAction : field(request.fields(), ":action");
                checkAction(action);
                uploads.upload(uploader, request);
                ctx.status(200).contentType("text/plain; charset=utf-8").result("");
            }
        } catch (dev.wharf.errors.WharfException refused) {
            drain(ctx);
            throw refused;
        }
    }

    /**
     * Reads and discards the rest of a refused request body (bounded), so that clients which are
     * still sending see our answer instead of a reset connection. Nothing is stored.
     */
    private void drain(Context ctx) {
        try {
            if (!RequestBodies.discardRest(ctx.req().getInputStream(), reader.drainLimit(), DRAIN_STALL)) {
                // The client stopped sending (or never started): answer now and end the connection.
                ctx.header("Connection", "close");
            }
        } catch (IOException | RuntimeException ignored) {
            // the client went away; nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A refused body that makes no progress for this long is abandoned (before: the 30 s idle timeout). */
    static final java.time.Duration DRAIN_STALL = java.time.Duration.ofSeconds(2);

    private static void checkAction(String action) {
        if (action == null) {
            throw UploadRejectedException.badRequest("Invalid value for :action. Error: This field is required.");
        }
        switch (action) {
            case "file_upload" -> {}
            case "submit", "submit_pkg_info" ->
                throw new UploadRejectedException(
                        Refusal.GONE,
                        "Project pre-registration is no longer required or supported, upload your files instead.");
            case "doc_upload" ->
                throw new UploadRejectedException(
                        Refusal.GONE,
                        "Uploading documentation is no longer supported, we recommend using https://readthedocs.org/.");
            default -> throw UploadRejectedException.badRequest("Unknown action '" + truncate(action) + "'.");
        }
    }

    private static String field(List<FormField> fields, String name) {
        return fields.stream()
                .filter(f -> f.name().equals(name))
                .map(FormField::value)
                .findFirst()
                .orElse(null);
    }

    private static String truncate(String text) {
        return text.length() > 50 ? text.substring(0, 50) + "..." : text;
    }
}
