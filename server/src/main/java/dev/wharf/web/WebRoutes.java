package dev.wharf.web;

import dev.wharf.distributions.ProjectName;
import dev.wharf.index.IndexUrls;
import dev.wharf.indexes.Ages;
import dev.wharf.indexes.IndexDefinition;
import dev.wharf.indexes.IndexName;
import dev.wharf.indexes.IndexService;
import dev.wharf.indexes.MirrorIndex;
import dev.wharf.indexes.VirtualIndex;
import dev.wharf.projects.ProjectService;
import dev.wharf.projects.ProjectSummary;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pages people read: the home page with search, and a page per project (and per release) with
 * its description, files, hashes, install command, yank state and, for files published through a
 * trusted publisher, where they came from. Server-rendered; no JavaScript.
 */
public final class WebRoutes {
    private static final int MAX_QUERY = 200;
    private final Templates templates;
    private final ProjectService projects;
    private final ProjectPages pages;
    private final IndexUrls urls;
    private final byte[] stylesheet;

    private final IndexService indexes;

    public WebRoutes(
            ProjectService projects, ProjectPages pages, IndexService indexes, Templates templates, IndexUrls urls) {
        this.templates = templates;
        this.indexes = indexes;
        this.projects = projects;
        this.urls = urls;
        this.pages = pages;
        try (InputStream css = WebRoutes.class.getResourceAsStream("wharf.css")) {
            this.stylesheet = css.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the stylesheet is missing from the jar", e);
        }
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/", this::home);
        routes.get("/search", this::search);
        routes.get("/project/{name}/", ctx -> project(ctx, Optional.empty()));
        routes.get(
                "/project/{name}",
                ctx -> ctx.redirect(
                        urls.basePath() + "/project/"
                                + org.eclipse.jetty.util.URIUtil.encodePath(
                                        ProjectName.normalize(ctx.pathParam("name")))
                                + "/",
                        HttpStatus.MOVED_PERMANENTLY));
        routes.get("/project/{name}/{version}/", ctx -> project(ctx, Optional.of(ctx.pathParam("version"))));
        routes.get(
                "/static/wharf.css",
                ctx -> ctx.contentType("text/css; charset=utf-8")
                        .header("Cache-Control", "public, max-age=3600")
                        .result(stylesheet));
    }

    /** One index as the home page lists it. */
    public record IndexLink(String name, String description, String url, boolean servedAtSimple) {}

    private List<IndexLink> indexLinks() {
        IndexService.Snapshot now = indexes.current();
        List<IndexLink> links = new java.util.ArrayList<>();
        links.add(new IndexLink(
                IndexName.HOSTED,
                "the projects published here",
                urls.absolute("/i/hosted/simple/"),
                now.defaultIndex().isHosted()));
        for (IndexDefinition index : now.all()) {
            String description = switch (index) {
                case MirrorIndex mirror ->
                    "a mirror of " + mirror.upstream()
                            + mirror.minAge()
                                    .map(age -> ", files at least " + Ages.format(age) + " old")
                                    .orElse("");
                case VirtualIndex virtual ->
                    virtual.members().stream()
                            .map(IndexName::value)
                            .collect(java.util.stream.Collectors.joining(" + "));
            };
            links.add(new IndexLink(
                    index.name().value(),
                    description,
                    urls.absolute("/i/" + index.name() + "/simple/"),
                    now.defaultIndex().equals(index.name())));
        }
        return links;
    }

    /** Home: the most recently changed projects. */
    private void home(Context ctx) {
        listing(ctx, "Projects", "", projects.search("", 50));
    }

    private void search(Context ctx) {
        String query = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        if (query.length() > MAX_QUERY) {
            query = query.substring(0, MAX_QUERY);
        }
        String normalized = ProjectPages.normalizedQuery(query);
        // A query with nothing a project name can contain matches nothing, not everything.
        List<ProjectSummary> found =
                normalized.isEmpty() && !query.isEmpty() ? List.of() : projects.search(normalized, 100);
        listing(ctx, query.isEmpty() ? "Projects" : "Search: " + query, query, found);
    }

    /** The home page's layout: a heading, the search box holding {@code query}, and a list of projects. */
    private void listing(Context ctx, String heading, String query, List<ProjectSummary> shown) {
        Map<String, Object> parameters = new java.util.HashMap<>();
        parameters.put("base", urls.basePath());
        parameters.put("heading", heading);
        parameters.put("query", query);
        parameters.put("projects", shown);
        parameters.put("uploadUrl", urls.absolute("/legacy/"));
        parameters.put("indexUrl", urls.absolute("/simple/"));
        parameters.put("indexes", indexLinks());
        html(ctx, 200, "home.jte", parameters);
    }

    private void project(Context ctx, Optional<String> version) {
        String name = ctx.pathParam("name");
        if (!ProjectName.isNormalized(name)) {
            ctx.redirect(
                    urls.basePath() + "/project/"
                            + org.eclipse.jetty.util.URIUtil.encodePath(ProjectName.normalize(name)) + "/"
                            + version.map(v -> org.eclipse.jetty.util.URIUtil.encodePath(v) + "/")
                                    .orElse(""),
                    HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        Optional<ProjectPage> page = pages.page(name, version);
        if (page.isEmpty()) {
            html(
                    ctx,
                    404,
                    "notfound.jte",
                    Map.of(
                            "base",
                            urls.basePath(),
                            "message",
                            version.isPresent()
                                    ? "There is no release " + version.get() + " of " + name + "."
                                    : "There is no project " + name + "."));
            return;
        }
        html(
                ctx,
                200,
                "project.jte",
                Map.of("base", urls.basePath(), "page", page.get(), "manageHref", manageHref(ctx, name)));
    }

    /** The settings link, shown to the project's owners and maintainers only. */
    private String manageHref(Context ctx, String normalizedName) {
        Optional<dev.wharf.web.session.SignedIn> visitor = dev.wharf.web.session.WebSessions.current(ctx);
        if (visitor.isEmpty()) {
            return "";
        }
        long userId = visitor.get().user().id();
        boolean member = projects.membership(normalizedName, userId).isPresent();
        return member ? urls.basePath() + "/manage/project/" + normalizedName + "/" : "";
    }

    private void html(Context ctx, int status, String template, Map<String, Object> parameters) {
        templates.respond(ctx, status, template, dev.wharf.web.session.WebSessions.withVisitor(ctx, parameters));
    }
}
