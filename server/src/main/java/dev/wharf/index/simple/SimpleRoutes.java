package dev.wharf.index.simple;

import dev.wharf.distributions.ProjectName;
import dev.wharf.index.EncodedResponses;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Optional;
import org.eclipse.jetty.util.URIUtil;

/**
 * {@code /simple/} and {@code /simple/<project>/}: negotiated HTML/JSON (PEP 691) and content coding
 * from pre-encoded variants, {@code Vary: Accept, Accept-Encoding}, an ETag per variant with 304,
 * {@code X-PyPI-Last-Serial}, 301 to the normalized name and
 * the trailing slash, 404 for unknown projects; other methods get 405 from {@code app.MethodGuard}
 * (uv says "this looks like the simple index URL" on 405).
 */
public final class SimpleRoutes {
    private static final String CACHE_CONTROL = "max-age=60, public";
    private final SimpleIndex index;
    private final String basePath;
    private final DefaultIndex defaultIndex;

    /**
     * What {@code /simple/} serves when an administrator chose another index than the hosted projects
     * ({@code wharf admin index set-default}).
     */
    public interface DefaultIndex {
        /** The chosen index, or empty for the hosted projects (the default). */
        Optional<dev.wharf.indexes.IndexDefinition> chosen();

        void root(Context ctx, dev.wharf.indexes.IndexDefinition index);

        void project(Context ctx, dev.wharf.indexes.IndexDefinition index);
    }

    public SimpleRoutes(SimpleIndex index, String basePath, DefaultIndex defaultIndex) {
        this.index = index;
        this.basePath = basePath;
        this.defaultIndex = defaultIndex;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/simple", ctx -> ctx.redirect(basePath + "/simple/", io.javalin.http.HttpStatus.MOVED_PERMANENTLY));
        routes.get("/simple/", this::root);
        routes.head("/simple/", this::root);
        routes.get("/simple/{project}", ctx -> redirectToCanonical(ctx, ctx.pathParam("project")));
        routes.get("/simple/{project}/", this::project);
        routes.head("/simple/{project}/", this::project);
    }

    private void root(Context ctx) {
        Optional<dev.wharf.indexes.IndexDefinition> chosen = defaultIndex.chosen();
        if (chosen.isPresent()) {
            defaultIndex.root(ctx, chosen.get());
            return;
        }
        sendPage(ctx, index.root(negotiate(ctx)));
    }

    private void project(Context ctx) {
        Optional<dev.wharf.indexes.IndexDefinition> chosen = defaultIndex.chosen();
        if (chosen.isPresent()) {
            defaultIndex.project(ctx, chosen.get());
            return;
        }
        String requested = ctx.pathParam("project");
        if (!ProjectName.isNormalized(requested)) {
            redirectToCanonical(ctx, requested);
            return;
        }
        SimpleFormat format = negotiate(ctx);
        Optional<RenderedPage> page = index.project(requested, format);
        if (page.isEmpty()) {
            notFound(ctx);
            return;
        }
        sendPage(ctx, page.get());
    }

    private void redirectToCanonical(Context ctx, String requested) {
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.redirect(
                basePath + "/simple/" + URIUtil.encodePath(ProjectName.normalize(requested)) + "/",
                io.javalin.http.HttpStatus.MOVED_PERMANENTLY);
    }

    /** The format a request asks for (PEP 691: {@code Accept}, or pypi.org's {@code ?format=}). */
    public static SimpleFormat negotiate(Context ctx) {
        return ContentNegotiation.choose(ctx.header("Accept"), Optional.ofNullable(ctx.queryParam("format")));
    }

    /** A project that is not in the index: 404, varying on {@code Accept} like the pages. */
    public static void notFound(Context ctx) {
        ctx.header("Vary", "Accept");
        ctx.status(404).contentType("text/plain; charset=utf-8").result("404 Not Found\n");
    }

    /** A cached simple-API page with its serial, caching and CORS headers, in the negotiated coding. */
    public static void sendPage(Context ctx, RenderedPage page) {
        ctx.header("X-PyPI-Last-Serial", Long.toString(page.serial()));
        ctx.header("Cache-Control", CACHE_CONTROL);
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("Access-Control-Expose-Headers", "X-PyPI-Last-Serial");
        EncodedResponses.send(ctx, page.body(), page.format().contentType(), Optional.of("Accept"));
    }
}
