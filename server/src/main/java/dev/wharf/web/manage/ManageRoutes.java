package dev.wharf.web.manage;

import dev.wharf.accounts.AccountSettingsService;
import dev.wharf.accounts.TwoFactorService;
import dev.wharf.accounts.User;
import dev.wharf.distributions.ProjectName;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.indexes.IndexService;
import dev.wharf.projects.Collaborator;
import dev.wharf.projects.CollaboratorService;
import dev.wharf.projects.EventFilter;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectService;
import dev.wharf.projects.Role;
import dev.wharf.projects.SecurityHistory;
import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.PublisherService;
import dev.wharf.publishing.oidc.Issuer;
import dev.wharf.publishing.oidc.IssuerRegistry;
import dev.wharf.publishing.providers.PublisherIdentity;
import dev.wharf.web.Templates;
import dev.wharf.web.session.SignedIn;
import dev.wharf.web.session.WebSessions;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's settings under {@code /manage/project/<name>/}: overview, publishing, collaborators,
 * releases and history. Everyone with a role sees the pages; only owners see and may use the
 * forms. A change is a POST (its CSRF token checked by the session layer before it gets here),
 * answered with 303 to the page and a flash message; a refused form is shown again with the
 * refusal next to it and the values typed.
 */
public final class ManageRoutes {
    static final int MAX_FIELD = 1000;

    private final Templates templates;
    /** The history tab shows at most this many events, newest first. */
    static final int MAX_EVENTS = 500;

    private final ProjectService projectService;
    private final SecurityHistory history;
    private final PublisherService publishers;
    private final CollaboratorService collaborators;
    private final IssuerRegistry issuers;
    private final AccountSettingsService settings;
    private final TwoFactorService twoFactor;
    private final String base;
    private final IndexService indexes;

    public ManageRoutes(
            ProjectService projectService,
            PublisherService publishers,
            CollaboratorService collaborators,
            IssuerRegistry issuers,
            AccountSettingsService settings,
            TwoFactorService twoFactor,
            SecurityHistory history,
            IndexService indexes,
            Templates templates,
            String basePath) {
        this.templates = templates;
        this.indexes = indexes;
        this.projectService = projectService;
        this.history = history;
        this.publishers = publishers;
        this.collaborators = collaborators;
        this.issuers = issuers;
        this.settings = settings;
        this.twoFactor = twoFactor;
        this.base = basePath;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        String p = "/manage/project/{name}/";
        routes.get(
                "/manage/project/{name}",
                ctx -> ctx.redirect(
                        base + "/manage/project/" + org.eclipse.jetty.util.URIUtil.encodePath(ctx.pathParam("name"))
                                + "/",
                        HttpStatus.MOVED_PERMANENTLY));
        routes.get(p, ctx -> overview(ctx, access(ctx)));
        routes.get(p + "publishing", ctx -> publishing(ctx, access(ctx), FormState.NONE, 200));
        routes.post(p + "publishing/add/{kind}", this::addPublisher);
        routes.post(p + "publishing/remove", this::removePublisher);
        routes.get(p + "collaborators", ctx -> collaborators(ctx, access(ctx), FormState.NONE, 200));
        routes.post(p + "collaborators/add", this::addCollaborator);
        routes.post(p + "collaborators/change", this::changeCollaborator);
        routes.post(p + "collaborators/remove", this::removeCollaborator);
        routes.get(p + "releases", ctx -> releases(ctx, access(ctx), FormState.NONE, 200));
        routes.post(p + "releases/yank", this::yank);
        routes.post(p + "releases/unyank", this::unyank);
        routes.post(p + "releases/delete-file", this::deleteFile);
        routes.get(p + "history", ctx -> history(ctx, access(ctx)));
        routes.post(p + "upstream-merge", this::upstreamMerge);
        routes.exception(PageRefusedException.class, this::refused);
    }

    /** The visitor's role on the project named in the path. */
    record Access(SignedIn visitor, Project project, Role role) {
        boolean owner() {
            return role == Role.OWNER;
        }

        User user() {
            return visitor.user();
        }
    }

    private Access access(Context ctx) {
        SignedIn visitor = WebSessions.require(ctx);
        String name = ctx.pathParam("name");
        String normalized = name.length() > ProjectName.MAX_LENGTH ? "" : ProjectName.normalize(name);
        Optional<Access> access = projectService
                .membership(normalized, visitor.user().id())
                .map(m -> new Access(visitor, m.project(), m.role()));
        // Someone without a role learns nothing, not even that the project exists.
        return access.orElseThrow(
                () -> PageRefusedException.notFound("There is no project " + name + " you can manage."));
    }

    /** The access of an owner, for changes. */
    private Access ownerAccess(Context ctx) {
        Access access = access(ctx);
        if (!access.owner()) {
            throw PageRefusedException.forbidden(
                    "Only owners of " + access.project().name() + " can change its settings.");
        }
        return access;
    }

    /** Managing publishers needs two-factor authentication when the administrator has required it. */
    private Optional<PageRefusedException> secondFactorMissing(User user) {
        if (settings.policy().require2faForPublishing() && !twoFactor.enabled(user.id())) {
            return Optional.of(new PageRefusedException(
                    Refusal.FORBIDDEN,
                    "This index requires two-factor authentication to manage trusted publishers. Turn it on first.",
                    base + "/account/two-factor"));
        }
        return Optional.empty();
    }

    private Frame frame(Context ctx, Access access, String tab) {
        return new Frame(
                base,
                access.project().normalizedName(),
                access.project().name(),
                tab,
                Flash.take(ctx, base),
                WebSessions.csrf(ctx),
                access.owner(),
                WebSessions.current(ctx)
                        .map(signedIn -> signedIn.user().username())
                        .orElse(null));
    }

    // ----- overview

    private void overview(Context ctx, Access access) {
        long projectId = access.project().id();
        int publisherCount = publishers.list(access.project().normalizedName()).size();
        List<Collaborator> people = collaborators.list(projectId);
        int releaseCount = projectService.releaseCount(projectId);
        templates.respond(
                ctx,
                200,
                "manage/overview.jte",
                Map.of(
                        "frame",
                        frame(ctx, access, ""),
                        "role",
                        access.role().label(),
                        "publisherCount",
                        publisherCount,
                        "collaboratorCount",
                        people.size(),
                        "releaseCount",
                        releaseCount,
                        "mergeAllowed",
                        indexes.mergeAllowed(access.project().normalizedName())));
    }

    /**
     * The owner's choice to let virtual indexes show upstream files under this project's name beside
     * its own. Off by default: that is the dependency-confusion protection.
     */
    private void upstreamMerge(Context ctx) {
        Access access = ownerAccess(ctx);
        boolean allow = "allow".equals(fields(ctx, "merge").get("merge"));
        indexes.setMergeAllowed(
                access.project().normalizedName(),
                allow,
                Optional.of(access.user().id()));
        done(
                ctx,
                access,
                "",
                allow
                        ? "Upstream files named " + access.project().name()
                                + " may now appear beside yours in virtual indexes."
                        : "Only your own files of " + access.project().name() + " appear in virtual indexes.");
    }

    // ----- publishing

    private void publishing(Context ctx, Access access, FormState form, int status) {
        String blocked = access.owner()
                ? secondFactorMissing(access.user()).map(Exception::getMessage).orElse("")
                : "";
        List<Issuer> all = issuers.list();
        List<PublisherRow> rows = publishers.list(access.project().normalizedName()).stream()
                .map(PublisherRow::of)
                .toList();
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame(ctx, access, "publishing"));
        params.put("publishers", rows);
        params.put("form", form);
        params.put("blocked", blocked);
        params.put("twoFactorUrl", base + "/account/two-factor");
        params.put("githubIssuers", PublisherForms.issuerOptions(PublisherKind.GITHUB, all));
        params.put("gitlabIssuers", PublisherForms.issuerOptions(PublisherKind.GITLAB, all));
        templates.respond(ctx, blocked.isEmpty() ? status : 403, "manage/publishing.jte", params);
    }

    private void addPublisher(Context ctx) {
        Access access = ownerAccess(ctx);
        secondFactorMissing(access.user()).ifPresent(refusal -> {
            throw refusal;
        });
        PublisherKind kind;
        try {
            kind = PublisherKind.fromLabel(ctx.pathParam("kind"));
        } catch (IllegalArgumentException e) {
            throw PageRefusedException.notFound("There is no publisher kind " + ctx.pathParam("kind") + ".");
        }
        Map<String, String> fields = fields(ctx, PublisherForms.FIELDS.toArray(String[]::new));
        try {
            PublisherIdentity identity = PublisherForms.identity(kind, fields, issuers.list());
            publishers.add(
                    access.project().normalizedName(),
                    identity,
                    Optional.of(access.user().id()));
            done(
                    ctx,
                    access,
                    "publishing",
                    "Added " + kind.displayName() + " publisher " + identity.displayName() + ".");
        } catch (WharfException refused) {
            if (refused instanceof PageRefusedException) {
                throw refused;
            }
            publishing(ctx, access, new FormState(kind.label(), refused.getMessage(), fields), status(refused));
        }
    }

    private void removePublisher(Context ctx) {
        Access access = ownerAccess(ctx);
        secondFactorMissing(access.user()).ifPresent(refusal -> {
            throw refusal;
        });
        long id = idField(ctx, "publisher_id");
        try {
            publishers.remove(
                    access.project().normalizedName(),
                    id,
                    Optional.of(access.user().id()));
            done(ctx, access, "publishing", "Removed the trusted publisher; its tokens no longer work.");
        } catch (WharfException refused) {
            publishing(ctx, access, new FormState("remove", refused.getMessage(), Map.of()), status(refused));
        }
    }

    // ----- collaborators

    private void collaborators(Context ctx, Access access, FormState form, int status) {
        templates.respond(
                ctx,
                status,
                "manage/collaborators.jte",
                Map.of(
                        "frame",
                        frame(ctx, access, "collaborators"),
                        "collaborators",
                        collaborators.list(access.project().id()),
                        "form",
                        form,
                        "me",
                        access.user().id()));
    }

    private void addCollaborator(Context ctx) {
        Access access = ownerAccess(ctx);
        Map<String, String> fields = fields(ctx, "username", "role");
        try {
            Collaborator added = collaborators.add(
                    access.project(),
                    fields.get("username"),
                    Role.parse(fields.get("role")),
                    access.user().id());
            done(
                    ctx,
                    access,
                    "collaborators",
                    added.username() + " is now " + added.role().label().toLowerCase(java.util.Locale.ROOT) + " of "
                            + access.project().name() + ".");
        } catch (WharfException refused) {
            collaborators(ctx, access, new FormState("add", refused.getMessage(), fields), status(refused));
        }
    }

    private void changeCollaborator(Context ctx) {
        Access access = ownerAccess(ctx);
        long userId = idField(ctx, "user_id");
        Map<String, String> fields = fields(ctx, "role");
        try {
            Role role = Role.parse(fields.get("role"));
            collaborators.change(access.project(), userId, role, access.user().id());
            done(ctx, access, "collaborators", "Role changed to " + role.label() + ".");
        } catch (WharfException refused) {
            collaborators(ctx, access, new FormState("change", refused.getMessage(), Map.of()), status(refused));
        }
    }

    private void removeCollaborator(Context ctx) {
        Access access = ownerAccess(ctx);
        long userId = idField(ctx, "user_id");
        try {
            collaborators.remove(access.project(), userId, access.user().id());
            done(ctx, access, "collaborators", "Collaborator removed.");
        } catch (WharfException refused) {
            collaborators(ctx, access, new FormState("change", refused.getMessage(), Map.of()), status(refused));
        }
    }

    // ----- releases

    private void releases(Context ctx, Access access, FormState form, int status) {
        long projectId = access.project().id();
        List<ReleaseRow> rows = projectService.releasesWithFiles(projectId).stream()
                .map(r -> new ReleaseRow(
                        r.release().version(),
                        r.release().yanked(),
                        r.release().yankedReason().orElse(""),
                        r.filenames()))
                .toList();
        templates.respond(
                ctx,
                status,
                "manage/releases.jte",
                Map.of("frame", frame(ctx, access, "releases"), "releases", rows, "form", form));
    }

    private void yank(Context ctx) {
        Access access = ownerAccess(ctx);
        Map<String, String> fields = fields(ctx, "version", "reason");
        try {
            String reason = fields.get("reason").strip();
            projectService.yank(
                    access.project().normalizedName(),
                    fields.get("version"),
                    reason.isEmpty() ? Optional.empty() : Optional.of(reason),
                    Optional.of(access.user().id()));
            done(ctx, access, "releases", "Yanked " + fields.get("version") + ".");
        } catch (WharfException refused) {
            yankRefused(ctx, access, fields, refused);
        }
    }

    private void unyank(Context ctx) {
        Access access = ownerAccess(ctx);
        Map<String, String> fields = fields(ctx, "version");
        try {
            projectService.unyank(
                    access.project().normalizedName(),
                    fields.get("version"),
                    Optional.of(access.user().id()));
            done(ctx, access, "releases", "Un-yanked " + fields.get("version") + ".");
        } catch (WharfException refused) {
            yankRefused(ctx, access, fields, refused);
        }
    }

    /** The releases tab again, with the yank (or un-yank) form of that version showing why it was refused. */
    private void yankRefused(Context ctx, Access access, Map<String, String> fields, WharfException refused) {
        releases(
                ctx,
                access,
                new FormState("yank:" + fields.get("version"), refused.getMessage(), fields),
                status(refused));
    }

    private void deleteFile(Context ctx) {
        Access access = ownerAccess(ctx);
        Map<String, String> fields = fields(ctx, "filename", "confirm");
        String filename = fields.get("filename");
        String form = "delete:" + filename;
        // Deleting is permanent and the name can never be uploaded again, so it needs the name typed out.
        if (filename.isEmpty() || !fields.get("confirm").strip().equals(filename)) {
            releases(
                    ctx,
                    access,
                    new FormState(form, "Type the file name exactly to confirm deleting " + filename + ".", fields),
                    400);
            return;
        }
        try {
            projectService.deleteFile(
                    access.project().normalizedName(),
                    filename,
                    Optional.of(access.user().id()));
            done(ctx, access, "releases", "Deleted " + filename + ". Its name can never be used again.");
        } catch (WharfException refused) {
            releases(ctx, access, new FormState(form, refused.getMessage(), fields), status(refused));
        }
    }

    // ----- history

    private void history(Context ctx, Access access) {
        List<EventRow> events = history
                .find(EventFilter.ofProject(access.project().id(), MAX_EVENTS))
                .stream()
                .map(EventRow::of)
                .toList();
        templates.respond(
                ctx, 200, "manage/history.jte", Map.of("frame", frame(ctx, access, "history"), "events", events));
    }

    // ----- helpers

    private void refused(PageRefusedException refusal, Context ctx) {
        int status = refusal.refusal() == Refusal.NOT_FOUND ? 404 : 403;
        templates.respond(
                ctx,
                status,
                "manage/refused.jte",
                Map.of("base", base, "message", refusal.getMessage(), "link", refusal.link()));
    }

    private void done(Context ctx, Access access, String tab, String message) {
        Flash.set(ctx, base, message);
        ctx.redirect(base + "/manage/project/" + access.project().normalizedName() + "/" + tab, HttpStatus.SEE_OTHER);
    }

    /** Submitted fields by name, each at most {@value #MAX_FIELD} characters; a missing field is empty. */
    static Map<String, String> fields(Context ctx, String... names) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : names) {
            String value = Optional.ofNullable(ctx.formParam(name)).orElse("");
            if (value.length() > MAX_FIELD) {
                throw new WharfException(
                        Refusal.BAD_REQUEST, "The field " + name + " is longer than " + MAX_FIELD + " characters.");
            }
            fields.put(name, value);
        }
        return fields;
    }

    private static long idField(Context ctx, String name) {
        String value = Optional.ofNullable(ctx.formParam(name)).orElse("");
        if (!value.matches("[0-9]{1,18}")) {
            throw new WharfException(Refusal.BAD_REQUEST, "The form field " + name + " must be a number.");
        }
        return Long.parseLong(value);
    }

    static int status(WharfException refused) {
        return switch (refused.refusal()) {
            case CONFLICT -> 409;
            case FORBIDDEN -> 403;
            default -> 400;
        };
    }
}
