package dev.wharf.publishing;

import dev.wharf.http.RequestBodies;
import dev.wharf.publishing.oidc.MintRefusedException;
import dev.wharf.text.Json;
import dev.wharf.text.Sha256;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Trusted Publishing endpoints, byte-compatible with pypi.org (warehouse {@code oidc/views.py}):
 * {@code GET /_/oidc/audience}, {@code POST /_/oidc/mint-token} and its legacy alias
 * {@code POST /_/oidc/github/mint-token} (pdm still calls it; it accepts every issuer). Refusals are
 * 422 {@code {"errors": [{"code", "description"}], "message": "Token request failed"}}; keys are
 * written sorted, as pypi.org's {@code json.dumps(sort_keys=True)} does.
 *
 * <p>Also the PEP 807 (draft) discovery document, so a client that knows only the upload URL finds
 * these endpoints even when several indexes share a host: {@code GET /.well-known/pytp/<sha256 of the
 * upload path>} (the first draft) and {@code GET /.well-known/pytp?discover=<percent-encoded path>}
 * (the current draft). Paths are at the host root, as the GitHub action always calls them there.
 */
public final class MintRoutes {
    static final String PYTP_MEDIA_TYPE = "application/vnd.pypi.pytp.v1+json";
    /** How much of an oversized exchange body is read and dropped so that its refusal arrives. */
    static final long MAX_DISCARDED_BYTES = 16L * 1024 * 1024;

    private final MintService mints;
    private final boolean enabled;
    private final String audience;
    private final String origin;
    private final String uploadPath;

    /**
     * @param origin     scheme and authority clients use, e.g. {@code https://pypi.example.org}
     * @param uploadPath the upload path under it, e.g. {@code /legacy/} (or {@code /pypi/legacy/} under a prefix)
     */
    public MintRoutes(MintService mints, boolean enabled, String audience, String origin, String uploadPath) {
        this.mints = mints;
        this.enabled = enabled;
        this.audience = audience;
        this.origin = origin;
        this.uploadPath = uploadPath;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/_/oidc/audience", this::audience);
        routes.post("/_/oidc/mint-token", this::mint);
        routes.post("/_/oidc/github/mint-token", this::mint);
        for (String path : List.of("/_/oidc/audience")) {
            routes.post(path, MintRoutes::methodNotAllowed);
        }
        for (String path : List.of("/_/oidc/mint-token", "/_/oidc/github/mint-token")) {
            routes.get(path, MintRoutes::methodNotAllowed);
        }
        routes.get("/.well-known/pytp", this::discoverByQuery);
        routes.get(
                "/.well-known/pytp/{key}",
                ctx -> discover(ctx, ctx.pathParam("key").equals(Sha256.hex(uploadPath))));
    }

    private void audience(Context ctx) {
        if (!enabled) {
            json(ctx, 403, Map.of("message", "Trusted publishing functionality not enabled"));
            return;
        }
        json(ctx, 200, Map.of("audience", audience));
    }

    /** Handles one exchange; see {@link MintService}. */
    private void mint(Context ctx) throws IOException {
        if (!enabled) {
            // Recorded like every other refused exchange; nothing else is read or written.
            mints.recordRefusal("not-enabled", "trusted publishing functionality not enabled");
            refuse(ctx, "not-enabled", "trusted publishing functionality not enabled");
            return;
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes(MintService.MAX_BODY_BYTES + 1);
            if (body.length > MintService.MAX_BODY_BYTES) {
                // Read the rest (bounded) so that the client, still sending, gets the refusal.
                RequestBodies.discardRest(in, MAX_DISCARDED_BYTES);
            }
        }
        try {
            MintedExchange minted = mints.mint(body);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("expires", minted.expires().getEpochSecond());
            answer.put("success", true);
            answer.put("token", minted.token());
            ctx.header("Cache-Control", "no-store");
            json(ctx, 200, answer);
        } catch (MintRefusedException refused) {
            refuse(ctx, refused.code(), refused.description());
        }
    }

    private void refuse(Context ctx, String code, String description) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("description", description);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("errors", List.of(error));
        answer.put("message", MintRefusedException.MESSAGE);
        json(ctx, 422, answer);
    }

    private void discoverByQuery(Context ctx) {
        // queryParam is already percent-decoded once, as PEP 807 encodes the path once; decoding it
        // again would also answer for a doubly encoded path (%252F), which names no upload URL.
        String path = ctx.queryParam("discover");
        boolean known = path != null && path.length() <= 2048 && path.equals(uploadPath);
        discover(ctx, known);
    }

    /** PEP 807: 200 with the endpoints for our upload URL, 404 (no body) for any other. */
    private void discover(Context ctx, boolean known) {
        if (!known || !enabled) {
            ctx.status(404).result("");
            return;
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("audience-endpoint", origin + "/_/oidc/audience");
        document.put("mint-token-endpoint", origin + "/_/oidc/mint-token");
        ctx.status(200).contentType(PYTP_MEDIA_TYPE).result(Json.MAPPER.writeValueAsString(document));
    }

    private static void methodNotAllowed(Context ctx) {
        ctx.status(405).contentType("application/json").result("{\"message\":\"Method Not Allowed\"}");
    }

    private static void json(Context ctx, int status, Map<String, ?> body) {
        ctx.status(status).contentType("application/json").result(Json.MAPPER.writeValueAsString(body));
    }
}
