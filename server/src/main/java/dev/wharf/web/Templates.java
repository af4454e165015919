package dev.wharf.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The page templates ({@code server/src/main/jte}), compiled to Java at build time by the jte Maven
 * plugin: parameters are type-checked and every {@code ${...}} is HTML-escaped for its context.
 * Only {@code $unsafe{...}} skips escaping, and it is used for nothing but rendered Markdown from
 * {@link ReadmeRenderer}.
 */
public final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    public String render(String template, Map<String, ?> parameters) {
        StringOutput output = new StringOutput(8 * 1024);
        // The Map overload, which binds each entry to a template parameter; a Map<String, ?> would
        // otherwise select the overload that passes the whole map as the one parameter.
        @SuppressWarnings("unchecked")
        Map<String, Object> byName = (Map<String, Object>) parameters;
        engine.render(template, byName, output);
        return output.toString();
    }

    /** Answers with {@code template} rendered as an HTML page, with {@code status}. */
    public void respond(Context ctx, int status, String template, Map<String, ?> parameters) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(render(template, parameters));
    }
}
