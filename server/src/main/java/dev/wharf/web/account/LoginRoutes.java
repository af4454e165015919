package dev.wharf.web.account;

import dev.wharf.accounts.AccountSettingsService;
import dev.wharf.accounts.InvalidInviteException;
import dev.wharf.accounts.LoginThrottle;
import dev.wharf.accounts.PasswordRejectedException;
import dev.wharf.accounts.RegistrationPolicy;
import dev.wharf.accounts.Session;
import dev.wharf.accounts.SessionService;
import dev.wharf.accounts.TooManyAttemptsException;
import dev.wharf.accounts.TwoFactorService;
import dev.wharf.accounts.User;
import dev.wharf.accounts.UserService;
import dev.wharf.accounts.Username;
import dev.wharf.accounts.WrongPasswordException;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.web.session.SignedIn;
import dev.wharf.web.session.WebSessions;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Getting in and out: register, log in, the two-factor step of a login, log out, change password.
 *
 * <p>Login follows the OWASP Authentication Cheat Sheet: {@link LoginThrottle#check} first (429 with
 * {@code Retry-After} when over the limit), one generic message for a wrong name or password, a
 * new session id at login (any session the browser had is destroyed, so a planted id is
 * worthless), and a second new id when the second factor is passed ({@link SessionService#rotate}).
 */
public final class LoginRoutes {
    static final String WRONG_LOGIN = "Wrong user name or password.";
    static final String WRONG_CODE =
            "That code is not right; enter the current code from your authenticator app or an unused recovery code.";
    static final String PASSWORDS_DIFFER = "The two new passwords are not the same.";
    private static final int MAX_FIELD = 1024;

    private final UserService users;
    private final SessionService sessions;
    private final TwoFactorService twoFactor;
    private final LoginThrottle throttle;
    private final AccountSettingsService settings;
    private final AccountEvents events;
    private final Pages pages;

    LoginRoutes(
            UserService users,
            SessionService sessions,
            TwoFactorService twoFactor,
            LoginThrottle throttle,
            AccountSettingsService settings,
            AccountEvents events,
            Pages pages) {
        this.users = users;
        this.sessions = sessions;
        this.twoFactor = twoFactor;
        this.throttle = throttle;
        this.settings = settings;
        this.events = events;
        this.pages = pages;
    }

    void register(JavalinDefaultRoutingApi routes) {
        routes.get("/account/login", this::loginForm);
        routes.post("/account/login", this::login);
        routes.get("/account/two-factor/verify", this::verifyForm);
        routes.post("/account/two-factor/verify", this::verify);
        routes.post("/account/logout", this::logout);
        routes.get("/account/register", this::registerForm);
        routes.post("/account/register", this::registerAccount);
        routes.get("/account/password", this::passwordForm);
        routes.post("/account/password", this::changePassword);
    }

    /** The login form; a signed-in visitor goes straight on. */
    private void loginForm(Context ctx) {
        String next = Pages.safeNext(ctx.queryParam("next"));
        if (WebSessions.current(ctx).isPresent()) {
            pages.redirect(ctx, next);
            return;
        }
        pages.render(ctx, 200, "login.jte", Map.of("next", next, "username", "", "error", ""));
    }

    /** Checks the throttle, then the password; starts a new session (second factor pending if the user has one). */
    private void login(Context ctx) {
        String username = field(ctx, "username");
        String password = ctx.formParam("password");
        String next = Pages.safeNext(ctx.formParam("next"));
        String address = dev.wharf.web.ClientAddress.of(ctx);
        try {
            throttle.check(username, address);
        } catch (TooManyAttemptsException e) {
            tooMany(ctx, e);
            return;
        }
        Optional<User> user = users.authenticate(username, password == null ? "" : password);
        if (user.isEmpty()) {
            throttle.recordFailure(username, address);
            users.find(username)
                    .ifPresent(u -> events.record(u.id(), AccountEvents.LOGIN_FAILED, Map.of("address", address)));
            pages.render(ctx, 400, "login.jte", Map.of("next", next, "username", username, "error", WRONG_LOGIN));
            return;
        }
        boolean needsSecondFactor = twoFactor.enabled(user.get().id());
        if (!needsSecondFactor) {
            throttle.recordSuccess(username);
        }
        WebSessions.rawSession(ctx).ifPresent(old -> sessions.destroy(old.rawId()));
        Session session = sessions.create(user.get().id(), !needsSecondFactor);
        WebSessions.signIn(ctx, session, user.get());
        if (needsSecondFactor) {
            pages.redirect(
                    ctx,
                    "/account/two-factor/verify?next="
                            + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        events.record(user.get().id(), AccountEvents.LOGIN, Map.of("address", address, "second_factor", false));
        pages.redirect(ctx, next);
    }

    /** The second step of a login with two-factor authentication. */
    private void verifyForm(Context ctx) {
        if (WebSessions.pendingSecondFactor(ctx).isEmpty()) {
            pages.redirect(ctx, "/account/login");
            return;
        }
        pages.render(ctx, 200, "verify.jte", Map.of("next", Pages.safeNext(ctx.queryParam("next")), "error", ""));
    }

    /** Spends a TOTP or recovery code; on success the session gets a new id and counts as signed in. */
    private void verify(Context ctx) {
        Optional<SignedIn> pending = WebSessions.pendingSecondFactor(ctx);
        if (pending.isEmpty()) {
            pages.redirect(ctx, "/account/login");
            return;
        }
        String next = Pages.safeNext(ctx.formParam("next"));
        User user = pending.get().user();
        String address = dev.wharf.web.ClientAddress.of(ctx);
        try {
            throttle.check(user.username(), address);
        } catch (TooManyAttemptsException e) {
            tooMany(ctx, e);
            return;
        }
        if (!twoFactor.verify(user.id(), field(ctx, "code"))) {
            throttle.recordFailure(user.username(), address);
            pages.render(ctx, 400, "verify.jte", Map.of("next", next, "error", WRONG_CODE));
            return;
        }
        throttle.recordSuccess(user.username());
        Session rotated = sessions.rotate(pending.get().session(), true);
        WebSessions.signIn(ctx, rotated, user);
        events.record(user.id(), AccountEvents.LOGIN, Map.of("address", address, "second_factor", true));
        pages.redirect(ctx, next);
    }

    /** Ends the session in the database and in the browser. */
    private void logout(Context ctx) {
        WebSessions.rawSession(ctx).ifPresent(session -> {
            sessions.destroy(session.rawId());
            events.record(session.userId(), AccountEvents.LOGOUT, Map.of());
        });
        WebSessions.signOut(ctx);
        pages.redirect(ctx, "/account/login", Flash.LOGGED_OUT);
    }

    /** The registration form, as the administrator's policy allows (none when registration is closed). */
    private void registerForm(Context ctx) {
        if (WebSessions.current(ctx).isPresent()) {
            pages.redirect(ctx, "/account/");
            return;
        }
        pages.render(ctx, 200, "register.jte", registerParameters(Map.of(), "", ""));
    }

    private void registerAccount(Context ctx) {
        RegistrationPolicy policy = settings.policy().registration();
        String name = field(ctx, "username");
        String email = field(ctx, "email");
        String password = ctx.formParam("password");
        Map<String, String> errors = new HashMap<>();
        if (password != null && !password.equals(ctx.formParam("password_confirm"))) {
            errors.put("password_confirm", "The two passwords are not the same.");
        }
        User user = null;
        if (errors.isEmpty()) {
            try {
                user = users.register(
                        new Username(name),
                        email,
                        password,
                        policy,
                        Optional.ofNullable(ctx.formParam("invite")).filter(s -> !s.isBlank()));
            } catch (PasswordRejectedException e) {
                errors.put("password", e.getMessage());
            } catch (InvalidInviteException e) {
                errors.put("invite", e.getMessage());
            } catch (WharfException e) {
                String message = e.getMessage();
                errors.put(
                        message.contains("email") ? "email" : message.startsWith("Registration") ? "form" : "username",
                        message);
            }
        }
        if (user == null) {
            pages.render(ctx, 400, "register.jte", registerParameters(errors, name, email));
            return;
        }
        Session session = sessions.create(user.id(), true);
        WebSessions.signIn(ctx, session, user);
        pages.redirect(ctx, "/account/", Flash.REGISTERED);
    }

    private Map<String, Object> registerParameters(Map<String, String> errors, String name, String email) {
        return Map.of(
                "policy",
                settings.policy().registration().stored(),
                "errors",
                errors,
                "username",
                name,
                "email",
                email);
    }

    private void passwordForm(Context ctx) {
        Pages.require(ctx);
        pages.render(ctx, 200, "password.jte", Map.of("errors", Map.of()));
    }

    /** Changes the password, ends every session of the user and gives this browser a new one. */
    private void changePassword(Context ctx) {
        SignedIn me = Pages.require(ctx);
        String current = ctx.formParam("current_password");
        String fresh = ctx.formParam("new_password");
        Map<String, String> errors = new HashMap<>();
        if (fresh == null || !fresh.equals(ctx.formParam("new_password_confirm"))) {
            errors.put("new_password_confirm", PASSWORDS_DIFFER);
        } else {
            try {
                users.changePassword(me.user().id(), current, fresh);
            } catch (WrongPasswordException e) {
                errors.put("current_password", e.getMessage());
            } catch (PasswordRejectedException e) {
                errors.put("new_password", e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            pages.render(ctx, 400, "password.jte", Map.of("errors", errors));
            return;
        }
        sessions.destroyAll(me.user().id());
        WebSessions.signIn(ctx, sessions.create(me.user().id(), true), me.user());
        events.record(me.user().id(), AccountEvents.PASSWORD_CHANGED, Map.of());
        pages.redirect(ctx, "/account/", Flash.PASSWORD_CHANGED);
    }

    private void tooMany(Context ctx, TooManyAttemptsException e) {
        ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        pages.render(ctx, 429, "throttled.jte", Map.of("message", e.getMessage()));
    }

    /** A form field, stripped and cut to a sane length; empty when missing. */
    static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null) {
            return "";
        }
        value = value.strip();
        return value.length() > MAX_FIELD ? value.substring(0, MAX_FIELD) : value;
    }

    static WharfException notAllowed(String message) {
        return new WharfException(Refusal.FORBIDDEN, message);
    }
}
