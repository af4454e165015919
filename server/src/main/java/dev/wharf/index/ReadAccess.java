package dev.wharf.index;

import dev.wharf.errors.WharfException;
import dev.wharf.tokens.TokenService;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * Private reads, answered the way pip and uv expect of a private index: with
 * {@code server.private-reads = true}, the simple API, the files, the JSON API and the pages for
 * people are closed to anonymous requests.
 *
 * <table>
 *   <caption>Who may read, by path</caption>
 *   <tr><th>Paths</th><th>Allowed</th><th>Otherwise</th></tr>
 *   <tr><td>{@code /simple/}, {@code /packages/}, {@code /pypi/}, {@code /i/}</td><td>an API token as the Basic
 *       password (any user name, {@code __token__} by convention); web sessions are not read on
 *       these paths</td>
 *       <td>401 with {@code WWW-Authenticate: Basic}: pip and uv then retry with credentials from the
 *       index URL, netrc or keyring. 401, not 403: a 403 would end uv's search at this index with no
 *       prompt.</td></tr>
 *   <tr><td>{@code /}, {@code /search}, {@code /project/}</td><td>a signed-in web session, or an
 *       API token as above</td><td>303 to the second-factor step if the login waits for it, else to the login
 *       page, which comes back here: these pages are for browsers, where a Basic prompt would ask a
 *       person for an API token instead of their account</td></tr>
 * </table>
 *
 * <p>A web session counts only once its login is complete (password and any second factor). Any
 * valid token or account reads the whole index (project scopes limit uploads, not reads);
 * per-project read permissions are not offered. Answers to authenticated reads are marked private
 * so that no shared cache hands them on.
 */
public final class ReadAccess {
    /** What the index holds, for tools: refused with a Basic challenge. */
    static final String[] MACHINE_PATHS = {"/simple", "/simple/*", "/packages/*", "/pypi/*", "/i/*"};
    /** What the index holds, for people: refused with a redirect to the login page. */
    static final String[] PAGE_PATHS = {"/", "/search", "/project/*"};

    private final TokenService tokens;
    private final String realm;
    private final Predicate<Context> signedIn;
    private final Predicate<Context> secondFactorPending;
    private final String loginPath;
    private final String secondFactorPath;

    /**
     * @param signedIn            whether the request carries a completed web login (evaluated after the
     *                            session layer has read the cookie)
     * @param secondFactorPending whether its login waits for the second factor
     * @param loginPath           the login page, base path included
     * @param secondFactorPath    the second-factor step, base path included
     */
    public ReadAccess(
            TokenService tokens,
            String realm,
            Predicate<Context> signedIn,
            Predicate<Context> secondFactorPending,
            String loginPath,
            String secondFactorPath) {
        this.tokens = tokens;
        this.realm = realm;
        this.signedIn = signedIn;
        this.secondFactorPending = secondFactorPending;
        this.loginPath = loginPath;
        this.secondFactorPath = secondFactorPath;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        for (String path : MACHINE_PATHS) {
            routes.before(path, ctx -> check(ctx, false));
        }
        for (String path : PAGE_PATHS) {
            routes.before(path, ctx -> check(ctx, true));
        }
        for (String[] paths : new String[][] {MACHINE_PATHS, PAGE_PATHS}) {
            for (String path : paths) {
                // Responses to authenticated reads must not be stored by shared caches (a CDN would hand
                // them to anyone): "public" becomes "private", and the answer varies by credential.
                routes.after(path, ReadAccess::privateCaching);
            }
        }
    }

    private static void privateCaching(Context ctx) {
        String cacheControl = ctx.res().getHeader("Cache-Control");
        if (cacheControl != null) {
            ctx.header("Cache-Control", cacheControl.replace("public", "private"));
        }
        String vary = ctx.res().getHeader("Vary");
        ctx.header("Vary", vary == null || vary.isBlank() ? "Authorization, Cookie" : vary + ", Authorization, Cookie");
    }

    private void check(Context ctx, boolean page) {
        if (hasValidToken(ctx) || signedIn.test(ctx)) {
            return;
        }
        if (page) {
            String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            String step = secondFactorPending.test(ctx) ? secondFactorPath : loginPath;
            ctx.redirect(step + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.header("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        ctx.status(401)
                .contentType("text/plain; charset=utf-8")
                .result("401 This index is private: use an API token as the password, e.g. "
                        + "https://__token__:<token>@host/simple/\n");
        ctx.skipRemainingHandlers();
    }

    private boolean hasValidToken(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null
                || authorization.length() >= 8192
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return false;
            }
            tokens.authenticate(decoded.substring(colon + 1).strip());
            return true;
        } catch (IllegalArgumentException | WharfException refused) {
            return false;
        }
    }
}
