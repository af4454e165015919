package dev.wharf.web.manage;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.index.named.IndexSources;
import dev.wharf.indexes.Ages;
import dev.wharf.indexes.IndexDefinition;
import dev.wharf.indexes.IndexName;
import dev.wharf.indexes.IndexService;
import dev.wharf.indexes.MirrorIndex;
import dev.wharf.indexes.ProjectPattern;
import dev.wharf.indexes.VirtualIndex;
import dev.wharf.projects.SecurityHistory;
import dev.wharf.web.Templates;
import dev.wharf.web.session.SignedIn;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/indexes}: the administrator's view of {@code wharf admin index}: the indexes, adding
 * a mirror or a virtual index, removing one, choosing what {@code /simple/} serves, and the hosted
 * names that also exist upstream (the names dependency-confusion protection is guarding).
 */
public final class IndexAdminRoutes {
    /** How many hosted names the upstream check looks at, so the page answers in bounded time. */
    static final int MAX_CHECKED_NAMES = 500;

    private final IndexService indexes;
    private final IndexSources sources;
    private final SecurityHistory history;
    private final Templates templates;
    private final String base;

    public IndexAdminRoutes(
            IndexService indexes, IndexSources sources, SecurityHistory history, Templates templates, String base) {
        this.indexes = indexes;
        this.sources = sources;
        this.history = history;
        this.templates = templates;
        this.base = base;
    }

    /** One line of the index table. */
    public record IndexRow(String name, String kind, String settings, boolean isDefault, boolean removable) {}

    /** A hosted name that also exists on an upstream. */
    public record ShadowedRow(String project, String mirror, boolean mergeAllowed) {}

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/admin/indexes", ctx -> page(ctx, admin(ctx), FormState.NONE, 200));
        routes.post("/admin/indexes/add", this::add);
        routes.post("/admin/indexes/remove", this::remove);
        routes.post("/admin/indexes/default", this::setDefault);
        routes.get("/admin/indexes/shadowed", this::shadowed);
    }

    private SignedIn admin(Context ctx) {
        return AdminRoutes.requireAdmin(ctx);
    }

    private Frame frame(Context ctx) {
        return AdminRoutes.adminFrame(ctx, base, "indexes");
    }

    private void page(Context ctx, SignedIn admin, FormState form, int status) {
        IndexService.Snapshot now = indexes.current();
        List<IndexDefinition> all = now.all();
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame(ctx));
        params.put(
                "rows",
                java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(new IndexRow(
                                        IndexName.HOSTED,
                                        "hosted",
                                        "the projects uploaded here",
                                        now.defaultIndex().isHosted(),
                                        false)),
                                all.stream()
                                        .map(index -> new IndexRow(
                                                index.name().value(),
                                                index.kind(),
                                                describe(index),
                                                now.defaultIndex().equals(index.name()),
                                                true)))
                        .toList());
        params.put("form", form);
        params.put("publicBase", base);
        templates.respond(ctx, status, "manage/indexes.jte", params);
    }

    private void add(Context ctx) {
        SignedIn admin = admin(ctx);
        Map<String, String> fields =
                ManageRoutes.fields(ctx, "kind", "name", "upstream", "ttl", "min_age", "exempt", "members", "protect");
        try {
            IndexName name = new IndexName(fields.get("name").strip());
            IndexDefinition index = switch (fields.get("kind")) {
                case "mirror" ->
                    new MirrorIndex(
                            name,
                            upstream(fields.get("upstream")),
                            Ages.parse(fields.get("ttl").isBlank() ? "10m" : fields.get("ttl"), "The TTL"),
                            fields.get("min_age").isBlank()
                                    ? Optional.empty()
                                    : Optional.of(Ages.parse(fields.get("min_age"), "The minimum age")),
                            Set.copyOf(words(fields.get("exempt"))),
                            Optional.empty(),
                            Optional.empty());
                case "virtual" ->
                    new VirtualIndex(
                            name,
                            words(fields.get("members")).stream()
                                    .map(IndexName::new)
                                    .toList(),
                            words(fields.get("protect")).stream()
                                    .map(ProjectPattern::new)
                                    .toList());
                default -> throw new WharfException(Refusal.BAD_REQUEST, "Choose a mirror or a virtual index.");
            };
            indexes.add(index);
            history.recordForUser(
                    admin.user().id(),
                    "admin:index-added",
                    Map.of("name", name.value(), "kind", index.kind(), "settings", describe(index)));
            done(ctx, "Added the " + index.kind() + " index " + name + " at " + base + "/i/" + name + "/simple/.");
        } catch (WharfException refused) {
            page(
                    ctx,
                    admin,
                    new FormState(fields.get("kind"), refused.getMessage(), fields),
                    ManageRoutes.status(refused));
        }
    }

    private void remove(Context ctx) {
        SignedIn admin = admin(ctx);
        String name = ManageRoutes.fields(ctx, "name").get("name");
        try {
            indexes.remove(new IndexName(name));
            history.recordForUser(admin.user().id(), "admin:index-removed", Map.of("name", name));
            done(ctx, "Removed the index " + name + ".");
        } catch (WharfException refused) {
            page(ctx, admin, new FormState("remove", refused.getMessage(), Map.of()), ManageRoutes.status(refused));
        }
    }

    private void setDefault(Context ctx) {
        SignedIn admin = admin(ctx);
        String name = ManageRoutes.fields(ctx, "name").get("name");
        try {
            indexes.setDefault(new IndexName(name));
            history.recordForUser(admin.user().id(), "admin:index-default", Map.of("name", name));
            done(ctx, base + "/simple/ now serves " + name + ".");
        } catch (WharfException refused) {
            page(ctx, admin, new FormState("default", refused.getMessage(), Map.of()), ManageRoutes.status(refused));
        }
    }

    private void shadowed(Context ctx) {
        admin(ctx);
        IndexSources.Shadowing found = sources.shadowed(MAX_CHECKED_NAMES);
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame(ctx));
        params.put(
                "rows",
                found.shadowed().stream()
                        .map(s -> new ShadowedRow(s.project(), s.mirror(), s.mergeAllowed()))
                        .toList());
        params.put("checked", found.checked());
        params.put("failures", found.failures());
        templates.respond(ctx, 200, "manage/shadowed.jte", params);
    }

    private void done(Context ctx, String message) {
        Flash.set(ctx, base, message);
        ctx.redirect(base + "/admin/indexes", HttpStatus.SEE_OTHER);
    }

    static String describe(IndexDefinition index) {
        return switch (index) {
            case MirrorIndex mirror ->
                "mirror of " + mirror.upstream() + ", pages revalidated after "
                        + Ages.format(mirror.ttl())
                        + mirror.minAge()
                                .map(age -> ", files hidden until " + Ages.format(age) + " old")
                                .orElse("")
                        + (mirror.cooldownExempt().isEmpty()
                                ? ""
                                : " (except " + String.join(", ", mirror.cooldownExempt()) + ")")
                        + mirror.username().map(user -> ", signs in as " + user).orElse("");
            case VirtualIndex virtual ->
                "serves "
                        + String.join(
                                ", then ",
                                virtual.members().stream().map(IndexName::value).toList())
                        + (virtual.protect().isEmpty()
                                ? ""
                                : "; also protects "
                                        + String.join(
                                                ", ",
                                                virtual.protect().stream()
                                                        .map(ProjectPattern::value)
                                                        .toList()));
        };
    }

    private static URI upstream(String text) {
        try {
            return new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new WharfException(Refusal.BAD_REQUEST, "The upstream is not a URL: " + e.getReason());
        }
    }

    /** Names separated by commas or spaces. */
    private static List<String> words(String text) {
        return Arrays.stream(text.split("[,\\s]+")).filter(w -> !w.isBlank()).toList();
    }
}
