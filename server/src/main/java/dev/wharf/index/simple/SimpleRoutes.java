package dev.wharf.index.simple;

import dev.wharf.distributions.ProjectName;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Optional;

/**
 * {@code /simple/} and {@code /simple/<project>/} (index-apis.md §3): negotiated HTML/JSON,
 * {@code Vary: Accept}, ETag with 304, {@code X-PyPI-Last-Serial}, 301 to the normalized name and
 * the trailing slash, 404 for unknown projects, 405 for POSTs (uv says "this looks like the simple
 * index URL" on 405).
 */
public final class SimpleRoutes {
    private static final String CACHE_CONTROL = "max-age=60, public";
    private final SimpleIndex index;
    private final String basePath;

    public SimpleRoutes(SimpleIndex index, String basePath) {
        this.index = index;
        this.basePath = basePath;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/simple", ctx -> ctx.redirect(basePath + "/simple/", io.javalin.http.HttpStatus.MOVED_PERMANENTLY));
        routes.get("/simple/", this::root);
        routes.head("/simple/", this::root);
        routes.get("/simple/{project}", ctx -> redirectToCanonical(ctx, ctx.pathParam("project")));
        routes.get("/simple/{project}/", this::project);
        routes.head("/simple/{project}/", this::project);
        routes.post("/simple/", SimpleRoutes::notAllowed);
        routes.post("/simple/{project}/", SimpleRoutes::notAllowed);
    }

    private void root(Context ctx) {
        send(ctx, index.root(negotiate(ctx)));
    }

    private void project(Context ctx) {
        String requested = ctx.pathParam("project");
        if (!ProjectName.isNormalized(requested)) {
            redirectToCanonical(ctx, requested);
            return;
        }
        SimpleFormat format = negotiate(ctx);
        Optional<RenderedPage> page = index.project(requested, format);
        if (page.isEmpty()) {
            ctx.header("Vary", "Accept");
            ctx.status(404).contentType("text/plain; charset=utf-8").result("404 Not Found\n");
            return;
        }
        send(ctx, page.get());
    }

    private void redirectToCanonical(Context ctx, String requested) {
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.redirect(basePath + "/simple/" + ProjectName.normalize(requested) + "/", io.javalin.http.HttpStatus.MOVED_PERMANENTLY);
    }

    private static SimpleFormat negotiate(Context ctx) {
        return ContentNegotiation.choose(ctx.header("Accept"), Optional.ofNullable(ctx.queryParam("format")));
    }

    private static void send(Context ctx, RenderedPage page) {
        ctx.header("Vary", "Accept");
        ctx.header("X-PyPI-Last-Serial", Long.toString(page.serial()));
        ctx.header("ETag", page.etag());
        ctx.header("Cache-Control", CACHE_CONTROL);
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("Access-Control-Expose-Headers", "X-PyPI-Last-Serial");
        ctx.contentType(page.format().contentType());
        if (matches(ctx.header("If-None-Match"), page.etag())) {
            ctx.status(304);
            return;
        }
        if (ctx.method() == HandlerType.HEAD) {
            ctx.header("Content-Length", Integer.toString(page.body().length));
            return;
        }
        ctx.result(page.body());
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.length() > 4096) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag) || tag.equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static void notAllowed(Context ctx) {
        ctx.header("Allow", "GET, HEAD");
        ctx.status(405).contentType("text/plain; charset=utf-8")
                .result("405 Method Not Allowed: this is the simple index; upload to /legacy/ instead.\n");
    }
}
