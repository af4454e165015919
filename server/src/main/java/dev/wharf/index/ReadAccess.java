package dev.wharf.index;

import dev.wharf.errors.WharfException;
import dev.wharf.tokens.TokenService;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Private reads (index-apis.md §3.9): with {@code server.private-reads = true}, the simple API, the
 * files, the JSON API and the project pages answer 401 with {@code WWW-Authenticate: Basic} unless the request carries
 * an API token as the Basic password (any user name, {@code __token__} by convention). pip and uv
 * then retry with credentials from the index URL, netrc or keyring. 401, not 403: a 403 would end
 * uv's search at this index with no prompt. Any valid token reads the whole index (project scopes
 * limit uploads, not reads); per-project read permissions are not offered.
 */
public final class ReadAccess {
    private final TokenService tokens;
    private final String realm;

    public ReadAccess(TokenService tokens, String realm) {
        this.tokens = tokens;
        this.realm = realm;
    }

    /** Everything that shows what the index holds: the APIs, the files and the pages for people. */
    static final String[] GUARDED = {"/simple", "/simple/*", "/packages/*", "/pypi/*", "/", "/search", "/project/*"};

    public void register(JavalinDefaultRoutingApi routes) {
        for (String path : GUARDED) {
            routes.before(path, this::check);
            // Responses to authenticated reads must not be stored by shared caches (a CDN would hand
            // them to anyone): "public" becomes "private", and the answer varies by credential.
            routes.after(path, ReadAccess::privateCaching);
        }
    }

    private static void privateCaching(Context ctx) {
        String cacheControl = ctx.res().getHeader("Cache-Control");
        if (cacheControl != null) {
            ctx.header("Cache-Control", cacheControl.replace("public", "private"));
        }
        String vary = ctx.res().getHeader("Vary");
        ctx.header("Vary", vary == null || vary.isBlank() ? "Authorization" : vary + ", Authorization");
    }

    private void check(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.length() < 8192 && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon >= 0) {
                    tokens.authenticate(decoded.substring(colon + 1).strip());
                    return;
                }
            } catch (IllegalArgumentException | WharfException refused) {
                // fall through to the challenge
            }
        }
        ctx.header("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        ctx.status(401).contentType("text/plain; charset=utf-8")
                .result("401 This index is private: use an API token as the password, e.g. "
                        + "https://__token__:<token>@host/simple/\n");
        ctx.skipRemainingHandlers();
    }
}
