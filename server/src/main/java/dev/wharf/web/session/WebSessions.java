package dev.wharf.web.session;

import dev.wharf.accounts.Session;
import dev.wharf.accounts.SessionService;
import dev.wharf.accounts.TwoFactorService;
import dev.wharf.accounts.User;
import dev.wharf.accounts.UserService;
import dev.wharf.web.Templates;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cookie sessions and CSRF protection for the web UI.
 *
 * <p>{@link #register} installs one before-handler for every path except the machine interfaces
 * ({@link #MACHINE_PATHS}: uploads, the simple and JSON APIs, files, Trusted Publishing, well-known
 * documents and static assets), which authenticate with tokens and must never honour a cookie. It
 * reads the {@value #SESSION_COOKIE} cookie into a {@link SignedIn} kept in the request, and refuses
 * every POST whose {@code csrf_token} form field is not the token of the request's session with a
 * 403 page, before any handler runs, so nothing is changed.
 *
 * <p>Cookies are {@code HttpOnly} (no script may read them; the CSP allows no script anyway),
 * {@code SameSite=Lax} (a cross-site POST carries no cookie at all), {@code Path=/}, and
 * {@code Secure} when the index is served over https. The CSRF token is still checked on every
 * POST: SameSite is a second wall, not the only one (OWASP CSRF Prevention Cheat Sheet).
 *
 * <p>Anonymous visitors (the login and register forms) get a <b>signed double-submit cookie</b>
 * rather than a database row, so that a crawler hitting the login page creates nothing: the cookie
 * {@value #ANONYMOUS_COOKIE} holds 32 random bytes, and the form token is HMAC-SHA256 of it under a
 * key made at start-up. A token therefore only fits the browser that got the cookie, and a forger
 * who cannot read our responses cannot compute one. Trade-offs, written down on purpose: the key
 * lives only in this process, so after a restart (or on another node of a cluster) an open login
 * form is refused once and the visitor reloads it; and anyone who can plant cookies for our host
 * (a sibling subdomain) could plant a pair they made themselves, which lets them log a victim into
 * the attacker's account (login CSRF) but never act as the victim.
 */
public final class WebSessions {
    public static final String SESSION_COOKIE = "wharf_session";
    public static final String ANONYMOUS_COOKIE = "wharf_anon";
    public static final String CSRF_FIELD = "csrf_token";
    /** Prefixes of paths that never use cookies; a request under one is not looked at here. */
    static final List<String> MACHINE_PATHS =
            List.of("/legacy", "/simple", "/packages", "/pypi", "/_/", "/.well-known/", "/static/");

    static final String EXPIRED_FORM = "The form expired or came from another site; reload the page and try again.";
    private static final String ATTRIBUTE = SignedIn.class.getName();
    private static final String SELF = WebSessions.class.getName();
    private static final int ANONYMOUS_BYTES = 32;
    private static final int MAX_COOKIE = 64;
    private static final int ANONYMOUS_MAX_AGE_SECONDS = 2 * 60 * 60;

    private final SessionService sessions;
    private final UserService users;
    private final TwoFactorService twoFactor;
    private final boolean secureCookies;
    private final String basePath;
    private final SecureRandom random = new SecureRandom();
    private final byte[] anonymousKey = new byte[32];
    private final Templates templates;

    /** @param basePath the path prefix the index is served under (no trailing slash), for redirects */
    public WebSessions(
            SessionService sessions,
            UserService users,
            TwoFactorService twoFactor,
            boolean secureCookies,
            Templates templates,
            String basePath) {
        this.templates = templates;
        this.sessions = sessions;
        this.users = users;
        this.twoFactor = twoFactor;
        this.secureCookies = secureCookies;
        this.basePath = basePath;
        random.nextBytes(anonymousKey);
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.before(this::before);
        routes.exception(
                SignInRequiredException.class,
                (e, ctx) -> ctx.redirect(e.location(), io.javalin.http.HttpStatus.SEE_OTHER));
    }

    /** Whether this session layer looks at the path at all. */
    static boolean isPagePath(String path) {
        return MACHINE_PATHS.stream().noneMatch(path::startsWith);
    }

    private void before(Context ctx) {
        if (!isPagePath(ctx.path())) {
            return;
        }
        ctx.attribute(SELF, this);
        Optional<SignedIn> signedIn = Optional.ofNullable(ctx.cookie(SESSION_COOKIE))
                .filter(raw -> raw.length() <= MAX_COOKIE)
                .flatMap(sessions::find)
                .flatMap(this::signedIn);
        ctx.attribute(ATTRIBUTE, signedIn);
        if ("POST".equals(ctx.method().name()) && !csrfValid(ctx, signedIn)) {
            ctx.status(403)
                    .contentType("text/html; charset=utf-8")
                    .result(templates.render("form/expired.jte", Map.of("base", basePath, "message", EXPIRED_FORM)));
            ctx.skipRemainingHandlers();
        }
    }

    private Optional<SignedIn> signedIn(Session session) {
        Optional<User> user = users.find(session.userId());
        return user.map(u -> new SignedIn(u, session, sessions.csrfToken(session), session.secondFactorDone()));
    }

    private boolean csrfValid(Context ctx, Optional<SignedIn> signedIn) {
        String presented = ctx.formParam(CSRF_FIELD);
        if (presented == null) {
            return false;
        }
        if (signedIn.isPresent()) {
            return sessions.checkCsrf(signedIn.get().session(), presented);
        }
        String anonymous = ctx.cookie(ANONYMOUS_COOKIE);
        if (anonymous == null || anonymous.length() > MAX_COOKIE || presented.length() > MAX_COOKIE) {
            return false;
        }
        return MessageDigest.isEqual(
                anonymousToken(anonymous).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code parameters} plus what the layout's header needs to show the visitor: who is signed in,
     * and the CSRF token of the log-out form. Nothing is added for an anonymous visitor.
     */
    public static Map<String, Object> withVisitor(Context ctx, Map<String, ?> parameters) {
        Map<String, Object> all = new java.util.HashMap<>(parameters);
        current(ctx).ifPresent(signedIn -> {
            all.put("signedInAs", signedIn.user().username());
            all.put("csrf", signedIn.csrfToken());
        });
        return all;
    }

    /** The signed-in user of this request, if the login is complete (password and any second factor). */
    public static Optional<SignedIn> current(Context ctx) {
        return any(ctx).filter(SignedIn::secondFactorDone);
    }

    /** A session whose password step is done but whose second factor is not: only the two-factor step uses it. */
    public static Optional<SignedIn> pendingSecondFactor(Context ctx) {
        return any(ctx).filter(s -> !s.secondFactorDone());
    }

    /**
     * The signed-in user, or a 303 redirect to the login page (which comes back to this path), or
     * to the two-factor step when the login is half done.
     *
     * @throws SignInRequiredException answered by {@link WebSessions} with the redirect
     */
    public static SignedIn require(Context ctx) {
        Optional<SignedIn> found = any(ctx);
        if (found.isPresent() && found.get().secondFactorDone()) {
            return found.get();
        }
        String base = self(ctx).map(s -> s.basePath).orElse("");
        if (found.isPresent()) {
            throw new SignInRequiredException(base + "/account/two-factor/verify");
        }
        String next = ctx.path();
        throw new SignInRequiredException(
                base + "/account/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    }

    /**
     * The CSRF token for forms on this page: the session's, or for an anonymous visitor the token
     * bound to their {@value #ANONYMOUS_COOKIE} cookie, which is set now if they have none.
     */
    public static String csrf(Context ctx) {
        Optional<SignedIn> found = any(ctx);
        if (found.isPresent()) {
            return found.get().csrfToken();
        }
        WebSessions self = self(ctx)
                .orElseThrow(() -> new IllegalStateException("WebSessions is not registered for " + ctx.path()));
        String anonymous = ctx.attribute(ANONYMOUS_COOKIE);
        if (anonymous == null) {
            anonymous = ctx.cookie(ANONYMOUS_COOKIE);
        }
        if (anonymous == null || anonymous.length() != 43) {
            byte[] bytes = new byte[ANONYMOUS_BYTES];
            self.random.nextBytes(bytes);
            anonymous = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            self.setCookie(ctx, ANONYMOUS_COOKIE, anonymous, ANONYMOUS_MAX_AGE_SECONDS);
        }
        // Later calls in this request must see the same cookie.
        ctx.attribute(ANONYMOUS_COOKIE, anonymous);
        return self.anonymousToken(anonymous);
    }

    /**
     * Starts a signed-in session in this browser: sets the cookie to {@code session} and records it
     * for the rest of the request. Used by the login, two-factor and password pages.
     */
    public static void signIn(Context ctx, Session session, User user) {
        WebSessions self = self(ctx).orElseThrow();
        self.setCookie(ctx, SESSION_COOKIE, session.rawId(), -1);
        ctx.attribute(
                ATTRIBUTE,
                Optional.of(new SignedIn(user, session, self.sessions.csrfToken(session), session.secondFactorDone())));
    }

    /** Ends the browser's session cookie (the caller destroys the row). */
    public static void signOut(Context ctx) {
        WebSessions self = self(ctx).orElseThrow();
        self.setCookie(ctx, SESSION_COOKIE, "", 0);
        ctx.attribute(ATTRIBUTE, Optional.empty());
    }

    /** The session row of this request, finished or not, if any. */
    public static Optional<Session> rawSession(Context ctx) {
        return any(ctx).map(SignedIn::session);
    }

    private static Optional<SignedIn> any(Context ctx) {
        Optional<SignedIn> found = ctx.attribute(ATTRIBUTE);
        return found == null ? Optional.empty() : found;
    }

    private static Optional<WebSessions> self(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SELF));
    }

    /** Written by hand so every attribute is visible here; Max-Age -1 means a browser-session cookie. */
    private void setCookie(Context ctx, String name, String value, int maxAgeSeconds) {
        StringBuilder cookie =
                new StringBuilder(name).append('=').append(value).append("; Path=/; HttpOnly; SameSite=Lax");
        if (maxAgeSeconds >= 0) {
            cookie.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (secureCookies) {
            cookie.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", cookie.toString());
    }

    private String anonymousToken(String cookieValue) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(anonymousKey, "HmacSHA256"));
            byte[] tag = mac.doFinal(("anonymous-csrf:" + cookieValue).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has HmacSHA256", e);
        }
    }

    /** Whether the user must pass a second factor before a new session counts as signed in. */
    public boolean needsSecondFactor(long userId) {
        return twoFactor.enabled(userId);
    }
}
