package dev.wharf.web;

import dev.wharf.web.session.WebSessions;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;

/**
 * {@code /help/}: the page that refusal messages link to ({@code /help/#invalid-auth},
 * {@code #project-name}, {@code #file-name-reuse}, ...), answering each the way pypi.org's help does
 * but for this index. A template in the site's layout, like every other page.
 */
public final class HelpRoutes {
    private final Templates templates;
    private final String base;

    public HelpRoutes(Templates templates, String basePath) {
        this.templates = templates;
        this.base = basePath;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/help/", this::help);
    }

    private void help(Context ctx) {
        templates.respond(ctx, 200, "help.jte", WebSessions.withVisitor(ctx, Map.of("base", base)));
    }
}
