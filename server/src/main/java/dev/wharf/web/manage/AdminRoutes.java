package dev.wharf.web.manage;

import dev.wharf.accounts.AccountPolicy;
import dev.wharf.accounts.AccountSettingsService;
import dev.wharf.accounts.Invite;
import dev.wharf.accounts.InviteService;
import dev.wharf.accounts.RegistrationPolicy;
import dev.wharf.accounts.TwoFactorService;
import dev.wharf.accounts.User;
import dev.wharf.accounts.UserService;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.projects.SecurityHistory;
import dev.wharf.publishing.oidc.Issuer;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.publishing.oidc.IssuerRegistry;
import dev.wharf.web.Templates;
import dev.wharf.web.session.SignedIn;
import dev.wharf.web.session.WebSessions;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The administrator's pages: {@code /admin/} lists the users and sets the account policy
 * (registration, and whether managing publishers needs two-factor authentication) and creates
 * invitation codes for invite-only registration;
 * {@code /admin/issuers} adds and removes OIDC issuers (GitHub Enterprise Server, self-managed
 * GitLab). Anyone who is not an administrator gets 404, as for a page that does not exist.
 */
public final class AdminRoutes {
    /** A pinned key set is a JWKS document; a few keys fit in far less. */
    static final int MAX_JWKS = 256 * 1024;
    /** Validity choices of the invitation form, in days; all within {@link InviteService}'s 5 minutes to 30 days. */
    static final List<Integer> INVITE_DAYS = List.of(1, 7, 30);

    private final Templates templates;
    /** The users page lists at most this many accounts. */
    static final int MAX_USERS = 1000;

    private final UserService users;
    private final AccountSettingsService settings;
    private final TwoFactorService twoFactor;
    private final IssuerRegistry issuers;
    private final InviteService invites;
    private final SecurityHistory history;
    private final String base;

    public AdminRoutes(
            UserService users,
            InviteService invites,
            AccountSettingsService settings,
            TwoFactorService twoFactor,
            IssuerRegistry issuers,
            SecurityHistory history,
            Templates templates,
            String basePath) {
        this.templates = templates;
        this.users = users;
        this.settings = settings;
        this.twoFactor = twoFactor;
        this.issuers = issuers;
        this.invites = invites;
        this.history = history;
        this.base = basePath;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/admin/", ctx -> users(ctx, admin(ctx), FormState.NONE, 200));
        routes.get("/admin", ctx -> ctx.redirect(base + "/admin/", HttpStatus.MOVED_PERMANENTLY));
        routes.post("/admin/policy", this::policy);
        routes.post("/admin/invites", this::createInvite);
        routes.get("/admin/issuers", ctx -> issuers(ctx, admin(ctx), FormState.NONE, 200));
        routes.post("/admin/issuers/add", this::addIssuer);
        routes.post("/admin/issuers/remove", this::removeIssuer);
    }

    private SignedIn admin(Context ctx) {
        return requireAdmin(ctx);
    }

    /** The signed-in administrator; anyone else gets 404, as for a page that does not exist. */
    static SignedIn requireAdmin(Context ctx) {
        SignedIn visitor = WebSessions.require(ctx);
        if (!visitor.user().admin()) {
            throw PageRefusedException.notFound("There is no such page.");
        }
        return visitor;
    }

    private Frame frame(Context ctx, String tab) {
        return adminFrame(ctx, base, tab);
    }

    /** The frame of the administration pages, on the tab named {@code tab} ("" is the first). */
    static Frame adminFrame(Context ctx, String base, String tab) {
        return new Frame(
                base,
                "",
                "Administration",
                tab,
                Flash.take(ctx, base),
                WebSessions.csrf(ctx),
                true,
                WebSessions.current(ctx)
                        .map(signedIn -> signedIn.user().username())
                        .orElse(null));
    }

    private void users(Context ctx, SignedIn admin, FormState form, int status) {
        AccountPolicy policy = settings.policy();
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame(ctx, ""));
        params.put(
                "users",
                users.list(MAX_USERS).stream()
                        .map(u -> new UserRow(
                                u.username(),
                                u.email(),
                                u.admin(),
                                twoFactor.enabled(u.id()),
                                EventRow.WHEN.format(u.createdAt())))
                        .toList());
        params.put("registration", policy.registration().stored());
        params.put("require2fa", policy.require2faForPublishing());
        params.put("inviteDays", INVITE_DAYS);
        params.put("form", form);
        templates.respond(ctx, status, "manage/admin.jte", params);
    }

    private void policy(Context ctx) {
        SignedIn admin = admin(ctx);
        Map<String, String> fields = ManageRoutes.fields(ctx, "registration", "require_2fa");
        Optional<RegistrationPolicy> registration = RegistrationPolicy.fromStored(fields.get("registration"));
        if (registration.isEmpty()) {
            users(ctx, admin, new FormState("policy", "Choose open, invite-only or closed.", fields), 400);
            return;
        }
        // An unchecked checkbox is simply absent from the form.
        boolean require2fa = "on".equals(fields.get("require_2fa"));
        settings.setPolicy(admin.user(), new AccountPolicy(registration.get(), require2fa));
        record(
                admin.user(),
                "admin:policy-changed",
                Map.of("registration", registration.get().stored(), "require_2fa_for_publishing", require2fa));
        done(
                ctx,
                "/admin/",
                "Account policy saved: registration " + registration.get().stored()
                        + (require2fa ? ", two-factor authentication required to manage publishers and tokens." : "."));
    }

    /**
     * Creates an invitation and shows its code once, on this response: never a redirect, so the
     * code travels in no URL and a reload does not show it again (the database keeps only its hash).
     */
    private void createInvite(Context ctx) {
        SignedIn admin = admin(ctx);
        Map<String, String> fields = ManageRoutes.fields(ctx, "valid_days");
        int days;
        try {
            days = Integer.parseInt(fields.get("valid_days"));
        } catch (NumberFormatException e) {
            days = -1;
        }
        if (!INVITE_DAYS.contains(days)) {
            users(ctx, admin, new FormState("invite", "Choose one of the listed validity periods.", fields), 400);
            return;
        }
        Invite invite = invites.create(admin.user(), Duration.ofDays(days));
        record(
                admin.user(),
                "admin:invite-created",
                Map.of("valid_days", days, "expires_at", invite.expiresAt().toString()));
        ctx.header("Cache-Control", "no-store");
        templates.respond(
                ctx,
                200,
                "manage/invite-created.jte",
                Map.of(
                        "frame",
                        frame(ctx, ""),
                        "code",
                        invite.code(),
                        "expires",
                        invite.expiresAt()
                                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                                .toString()
                                .replace("T", " ")
                                .replace("Z", " UTC"),
                        "registerUrl",
                        base + "/account/register"));
    }

    private void issuers(Context ctx, SignedIn admin, FormState form, int status) {
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame(ctx, "issuers"));
        params.put("issuers", issuers.list());
        params.put(
                "kinds",
                java.util.Arrays.stream(IssuerKind.values())
                        .map(IssuerKind::service)
                        .toList());
        params.put("form", form);
        templates.respond(ctx, status, "manage/issuers.jte", params);
    }

    private void addIssuer(Context ctx) {
        SignedIn admin = admin(ctx);
        Map<String, String> fields = ManageRoutes.fields(ctx, "url", "kind");
        String jwks = Optional.ofNullable(ctx.formParam("jwks")).orElse("").strip();
        Map<String, String> shown = new LinkedHashMap<>(fields);
        try {
            if (jwks.length() > MAX_JWKS) {
                throw new WharfException(
                        Refusal.BAD_REQUEST, "The pinned key set is longer than " + MAX_JWKS + " characters.");
            }
            shown.put("jwks", jwks);
            IssuerKind kind = IssuerKind.ofService(fields.get("kind"))
                    .orElseThrow(() -> new WharfException(Refusal.BAD_REQUEST, "Choose the kind of the issuer."));
            Issuer added =
                    issuers.add(fields.get("url").strip(), kind, jwks.isEmpty() ? Optional.empty() : Optional.of(jwks));
            record(
                    admin.user(),
                    "admin:issuer-added",
                    Map.of(
                            "url",
                            added.url(),
                            "kind",
                            kind.service(),
                            "pinned_jwks",
                            added.pinnedJwks().isPresent()));
            done(ctx, "/admin/issuers", "Added " + kind.service() + " issuer " + added.url() + ".");
        } catch (WharfException refused) {
            issuers(ctx, admin, new FormState("add", refused.getMessage(), shown), ManageRoutes.status(refused));
        }
    }

    private void removeIssuer(Context ctx) {
        SignedIn admin = admin(ctx);
        String url = ManageRoutes.fields(ctx, "url").get("url");
        try {
            issuers.remove(url);
            record(admin.user(), "admin:issuer-removed", Map.of("url", url));
            done(ctx, "/admin/issuers", "Removed issuer " + url + "; publishers registered for it no longer verify.");
        } catch (WharfException refused) {
            issuers(ctx, admin, new FormState("remove", refused.getMessage(), Map.of()), ManageRoutes.status(refused));
        }
    }

    private void record(User admin, String kind, Map<String, ?> detail) {
        history.recordForUser(admin.id(), kind, detail);
    }

    private void done(Context ctx, String path, String message) {
        Flash.set(ctx, base, message);
        ctx.redirect(base + path, HttpStatus.SEE_OTHER);
    }
}
