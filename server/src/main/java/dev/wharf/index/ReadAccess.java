package dev.wharf.index;

import dev.wharf.errors.WharfException;
import dev.wharf.tokens.TokenService;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Private reads (index-apis.md §3.9): with {@code server.private-reads = true}, the simple API, the
 * files and the JSON API answer 401 with {@code WWW-Authenticate: Basic} unless the request carries
 * an API token as the Basic password (any user name, {@code __token__} by convention). pip and uv
 * then retry with credentials from the index URL, netrc or keyring. 401, not 403: a 403 would end
 * uv's search at this index with no prompt.
 */
public final class ReadAccess {
    private final TokenService tokens;
    private final String realm;

    public ReadAccess(TokenService tokens, String realm) {
        this.tokens = tokens;
        this.realm = realm;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        for (String path : new String[] {"/simple", "/simple/*", "/packages/*", "/pypi/*"}) {
            routes.before(path, this::check);
        }
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
