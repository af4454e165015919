package dev.wharf.web.account;

import dev.wharf.accounts.AccountSettingsService;
import dev.wharf.accounts.Accounts;
import dev.wharf.accounts.TotpEnrollment;
import dev.wharf.accounts.TwoFactorService;
import dev.wharf.distributions.ProjectName;
import dev.wharf.errors.WharfException;
import dev.wharf.projects.EventFilter;
import dev.wharf.projects.ProjectService;
import dev.wharf.projects.SecurityHistory;
import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.PublisherService;
import dev.wharf.publishing.oidc.Issuer;
import dev.wharf.publishing.oidc.IssuerRegistry;
import dev.wharf.tokens.IssuedToken;
import dev.wharf.tokens.TokenScope;
import dev.wharf.tokens.TokenService;
import dev.wharf.web.Templates;
import dev.wharf.web.manage.FormState;
import dev.wharf.web.manage.PublisherForms;
import dev.wharf.web.session.SignedIn;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The signed-in user's own pages: projects, API tokens, pending trusted publishers, two-factor
 * authentication and security history. Also the module's one wiring point: {@link #register}
 * installs these routes and {@link LoginRoutes}.
 */
public final class AccountRoutes {
    /** Expiry choices of the token form, in days; 0 means no expiry (pypi.org's tokens have none). */
    static final List<Integer> EXPIRY_DAYS = List.of(30, 90, 365, 0);

    private static final int MAX_SCOPE_NAMES = TokenScope.MAX_PROJECTS;
    /**
     * Every field of the four pending-publisher forms: the project's name, the account form's name
     * for GitHub's workflow, and a project's publisher fields. Each read is length-limited by
     * {@link LoginRoutes#field}.
     */
    private static final List<String> PENDING_FIELDS = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("project_name", "workflow"), PublisherForms.FIELDS.stream())
            .toList();

    /** The history page shows at most this many events. */
    static final int HISTORY_LIMIT = 200;

    private final TokenService tokens;
    private final PublisherService publishers;
    private final IssuerRegistry issuers;
    private final TwoFactorService twoFactor;
    private final AccountSettingsService settings;
    private final ProjectService projects;
    private final SecurityHistory history;
    private final AccountEvents events;
    private final Clock clock;
    private final Pages pages;
    private final LoginRoutes login;

    public AccountRoutes(
            Accounts accounts,
            TokenService tokens,
            PublisherService publishers,
            IssuerRegistry issuers,
            ProjectService projects,
            SecurityHistory history,
            Templates templates,
            Clock clock,
            String basePath) {
        this.tokens = tokens;
        this.publishers = publishers;
        this.issuers = issuers;
        this.twoFactor = accounts.twoFactor();
        this.settings = accounts.settings();
        this.projects = projects;
        this.history = history;
        this.events = new AccountEvents(history);
        this.clock = clock;
        this.pages = new Pages(templates, basePath);
        this.login = new LoginRoutes(
                accounts.users(), accounts.sessions(), twoFactor, accounts.loginThrottle(), settings, events, pages);
    }

    public void register(JavalinDefaultRoutingApi routes) {
        login.register(routes);
        routes.get("/account", ctx -> pages.redirect(ctx, "/account/"));
        routes.get("/account/", this::overview);
        routes.get("/account/tokens", this::tokenList);
        routes.post("/account/tokens", this::createToken);
        routes.post("/account/tokens/{id}/revoke", this::revokeToken);
        routes.get("/account/publishing", this::publishing);
        routes.post("/account/publishing/{kind}", this::addPending);
        routes.post("/account/publishing/{id}/remove", this::removePending);
        routes.get("/account/two-factor", this::twoFactorPage);
        routes.post("/account/two-factor/start", this::startEnrollment);
        routes.post("/account/two-factor/confirm", this::confirmEnrollment);
        routes.post("/account/two-factor/disable", this::disableTwoFactor);
        routes.get("/account/history", this::history);
    }

    /** Your projects (with your role) and links to the other account pages. */
    private void overview(Context ctx) {
        SignedIn me = Pages.require(ctx);
        pages.render(
                ctx,
                200,
                "overview.jte",
                Map.of(
                        "user",
                        me.user(),
                        "projects",
                        projects.projectsOf(me.user().id()),
                        "twoFactor",
                        twoFactor.enabled(me.user().id())));
    }

    private void tokenList(Context ctx) {
        SignedIn me = Pages.require(ctx);
        renderTokens(ctx, me, 200, Map.of(), "", "");
    }

    private void renderTokens(
            Context ctx, SignedIn me, int status, Map<String, String> errors, String description, String projects) {
        pages.render(
                ctx,
                status,
                "tokens.jte",
                Map.of(
                        "tokens",
                        tokens.list(me.user().id()),
                        "errors",
                        errors,
                        "description",
                        description,
                        "projects",
                        projects,
                        "expiryDays",
                        EXPIRY_DAYS,
                        "yourProjects",
                        this.projects.projectsOf(me.user().id())));
    }

    /**
     * Creates a token and shows it once, on this response (never a redirect: the secret must not
     * travel in a URL or be shown by a reload). A project scope may name only projects you have a
     * role on, as on pypi.org.
     */
    private void createToken(Context ctx) {
        SignedIn me = Pages.require(ctx);
        String description = LoginRoutes.field(ctx, "description");
        String projectsField = LoginRoutes.field(ctx, "projects");
        Map<String, String> errors = new HashMap<>();
        Optional<String> refusal = secondFactorRequired(me);
        if (refusal.isPresent()) {
            errors.put("form", refusal.get());
        }
        Set<String> yours = new LinkedHashSet<>();
        projects.projectsOf(me.user().id()).forEach(p -> yours.add(p.normalizedName()));
        Set<String> scope = new LinkedHashSet<>();
        for (String name : projectsField.split("[\\s,]+")) {
            if (name.isEmpty()) {
                continue;
            }
            String normalized = ProjectName.normalize(name);
            if (!yours.contains(normalized)) {
                errors.put(
                        "projects",
                        "You have no project named '" + (name.length() > 100 ? name.substring(0, 100) : name) + "'.");
                break;
            }
            scope.add(normalized);
        }
        if (scope.size() > MAX_SCOPE_NAMES) {
            errors.put("projects", "A token may name at most " + MAX_SCOPE_NAMES + " projects.");
        }
        int days;
        try {
            days = Integer.parseInt(LoginRoutes.field(ctx, "expiry_days"));
        } catch (NumberFormatException e) {
            days = -1;
        }
        if (!EXPIRY_DAYS.contains(days)) {
            errors.put("expiry_days", "Choose one of the listed expiry times.");
        }
        IssuedToken issued = null;
        if (errors.isEmpty()) {
            try {
                issued = tokens.create(
                        me.user().id(),
                        description,
                        scope.isEmpty() ? TokenScope.allProjects() : TokenScope.projects(scope),
                        days == 0
                                ? Optional.empty()
                                : Optional.of(clock.instant().plus(Duration.ofDays(days))));
            } catch (WharfException e) {
                errors.put("description", e.getMessage());
            }
        }
        if (issued == null) {
            renderTokens(ctx, me, 400, errors, description, projectsField);
            return;
        }
        events.record(
                me.user().id(),
                AccountEvents.TOKEN_CREATED,
                Map.of("token_id", issued.id(), "description", description, "projects", List.copyOf(scope)));
        pages.render(
                ctx,
                200,
                "token-created.jte",
                Map.of(
                        "secret",
                        issued.secret(),
                        "description",
                        description,
                        "scope",
                        scope.isEmpty() ? "all your projects" : String.join(", ", scope)));
    }

    /** Revokes one of your tokens; another user's token id is "not found", as if it did not exist. */
    private void revokeToken(Context ctx) {
        SignedIn me = Pages.require(ctx);
        String id = ctx.pathParam("id");
        tokens.revoke(me.user().id(), id);
        events.record(me.user().id(), AccountEvents.TOKEN_REVOKED, Map.of("token_id", id));
        pages.redirect(ctx, "/account/tokens", Flash.TOKEN_REVOKED);
    }

    private void publishing(Context ctx) {
        SignedIn me = Pages.require(ctx);
        renderPublishing(ctx, me, 200, FormState.NONE);
    }

    /**
     * The page with its forms; a refused form comes back with its message and the values typed.
     * The issuer selects offer the same choices as a project's Publishing page.
     */
    private void renderPublishing(Context ctx, SignedIn me, int status, FormState form) {
        List<Issuer> all = issuers.list();
        pages.render(
                ctx,
                status,
                "publishing.jte",
                Map.of(
                        "pending",
                        publishers.pending(me.user().id()),
                        "form",
                        form,
                        "now",
                        clock.instant(),
                        "githubIssuers",
                        PublisherForms.issuerOptions(PublisherKind.GITHUB, all),
                        "gitlabIssuers",
                        PublisherForms.issuerOptions(PublisherKind.GITLAB, all)));
    }

    /**
     * Registers a pending publisher of one kind. The fields go through the same {@link PublisherForms}
     * as a project's publishers, so the rules (and the refusal of an issuer nobody added) are the same.
     */
    private void addPending(Context ctx) {
        SignedIn me = Pages.require(ctx);
        PublisherKind kind;
        try {
            kind = PublisherKind.fromLabel(ctx.pathParam("kind"));
        } catch (IllegalArgumentException e) {
            throw new WharfException(
                    dev.wharf.errors.Refusal.NOT_FOUND, "There is no publisher kind '" + ctx.pathParam("kind") + "'");
        }
        Map<String, String> fields = new HashMap<>();
        for (String name : PENDING_FIELDS) {
            fields.put(name, f(ctx, name));
        }
        // The account form names GitHub's workflow field "workflow"; PublisherForms reads "workflow_filename".
        fields.put("workflow_filename", fields.get("workflow"));
        try {
            secondFactorRequired(me).ifPresent(message -> {
                throw LoginRoutes.notAllowed(message);
            });
            publishers.addPending(
                    PublisherForms.identity(kind, fields, issuers.list()),
                    fields.get("project_name"),
                    me.user().id());
        } catch (WharfException e) {
            renderPublishing(ctx, me, 400, new FormState(kind.label(), e.getMessage(), fields));
            return;
        }
        pages.redirect(ctx, "/account/publishing", Flash.PENDING_ADDED);
    }

    private void removePending(Context ctx) {
        SignedIn me = Pages.require(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new WharfException(dev.wharf.errors.Refusal.NOT_FOUND, "There is no such pending publisher");
        }
        publishers.removePending(id, me.user().id());
        pages.redirect(ctx, "/account/publishing", Flash.PENDING_REMOVED);
    }

    private void twoFactorPage(Context ctx) {
        SignedIn me = Pages.require(ctx);
        renderTwoFactor(ctx, me, 200, "");
    }

    private void renderTwoFactor(Context ctx, SignedIn me, int status, String error) {
        boolean on = twoFactor.enabled(me.user().id());
        pages.render(
                ctx,
                status,
                "two-factor.jte",
                Map.of(
                        "enabled",
                        on,
                        "recoveryLeft",
                        on ? twoFactor.recoveryCodesLeft(me.user().id()) : 0,
                        "error",
                        error));
    }

    /** Shows a new secret as text and as an otpauth URI (no QR code: the pages run no script). */
    private void startEnrollment(Context ctx) {
        SignedIn me = Pages.require(ctx);
        TotpEnrollment enrollment;
        try {
            enrollment = twoFactor.enrollmentStart(me.user().id());
        } catch (WharfException e) {
            renderTwoFactor(ctx, me, 400, e.getMessage());
            return;
        }
        pages.render(
                ctx,
                200,
                "two-factor-enroll.jte",
                Map.of("secret", enrollment.secret(), "uri", enrollment.uri(), "error", ""));
    }

    /** Turns 2FA on with a right code and shows the recovery codes, once. */
    private void confirmEnrollment(Context ctx) {
        SignedIn me = Pages.require(ctx);
        List<String> codes;
        try {
            codes = twoFactor.enrollmentConfirm(me.user().id(), f(ctx, "code"));
        } catch (WharfException e) {
            renderTwoFactor(ctx, me, 400, e.getMessage());
            return;
        }
        events.record(me.user().id(), AccountEvents.TWO_FACTOR_ON, Map.of());
        pages.render(ctx, 200, "recovery-codes.jte", Map.of("codes", codes));
    }

    private void disableTwoFactor(Context ctx) {
        SignedIn me = Pages.require(ctx);
        try {
            twoFactor.disable(me.user().id(), f(ctx, "code"));
        } catch (WharfException e) {
            renderTwoFactor(ctx, me, 400, e.getMessage());
            return;
        }
        events.record(me.user().id(), AccountEvents.TWO_FACTOR_OFF, Map.of());
        pages.redirect(ctx, "/account/two-factor", Flash.TWO_FACTOR_OFF);
    }

    /** Your security history: what you did, and what anyone did to your projects; newest first. */
    private void history(Context ctx) {
        SignedIn me = Pages.require(ctx);
        List<HistoryEntry> entries = history
                .find(EventFilter.involving(me.user().id(), HISTORY_LIMIT))
                .stream()
                .map(HistoryEntry::of)
                .toList();
        pages.render(ctx, 200, "history.jte", Map.of("entries", entries, "limit", HISTORY_LIMIT));
    }

    /** Under the administrator's "2FA for publishing" policy, tokens and publishers need 2FA on. */
    private Optional<String> secondFactorRequired(SignedIn me) {
        if (settings.policy().require2faForPublishing()
                && !twoFactor.enabled(me.user().id())) {
            return Optional.of("This index requires two-factor authentication for API tokens and trusted publishers; "
                    + "turn it on first.");
        }
        return Optional.empty();
    }

    private static String f(Context ctx, String name) {
        return LoginRoutes.field(ctx, name);
    }
}
