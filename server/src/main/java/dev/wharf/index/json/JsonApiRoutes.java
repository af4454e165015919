package dev.wharf.index.json;

import dev.wharf.distributions.ProjectName;
import dev.wharf.index.EncodedResponses;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Optional;
import org.eclipse.jetty.util.URIUtil;

/** {@code /pypi/<project>/json} and {@code /pypi/<project>/<version>/json}, with or without a trailing slash. */
public final class JsonApiRoutes {
    private final JsonApi api;
    private final String basePath;

    public JsonApiRoutes(JsonApi api, String basePath) {
        this.api = api;
        this.basePath = basePath;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/pypi/{project}/json", this::project);
        routes.get("/pypi/{project}/json/", this::project);
        routes.get("/pypi/{project}/{version}/json", this::release);
        routes.get("/pypi/{project}/{version}/json/", this::release);
        routes.head("/pypi/{project}/json", this::project);
        routes.head("/pypi/{project}/json/", this::project);
        routes.head("/pypi/{project}/{version}/json", this::release);
        routes.head("/pypi/{project}/{version}/json/", this::release);
    }

    private void project(Context ctx) {
        String name = ctx.pathParam("project");
        if (!ProjectName.isNormalized(name)) {
            ctx.redirect(
                    basePath + "/pypi/" + URIUtil.encodePath(ProjectName.normalize(name)) + "/json",
                    HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        send(ctx, api.project(name));
    }

    private void release(Context ctx) {
        String name = ctx.pathParam("project");
        String version = ctx.pathParam("version");
        if (!ProjectName.isNormalized(name)) {
            ctx.redirect(
                    basePath + "/pypi/" + URIUtil.encodePath(ProjectName.normalize(name)) + "/"
                            + URIUtil.encodePath(version) + "/json",
                    HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        send(ctx, api.release(name, version));
    }

    private static void send(Context ctx, Optional<JsonApi.Document> document) {
        ctx.header("Access-Control-Allow-Origin", "*");
        if (document.isEmpty()) {
            ctx.contentType("application/json");
            ctx.status(404).result("{\"message\": \"Not Found\"}");
            return;
        }
        ctx.header("Cache-Control", "max-age=60, public");
        ctx.header("X-PyPI-Last-Serial", Long.toString(document.get().serial()));
        EncodedResponses.send(ctx, document.get().body(), "application/json", Optional.empty());
    }
}
