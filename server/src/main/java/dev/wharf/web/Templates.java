package dev.wharf.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The page templates ({@code server/src/main/jte}), compiled to Java at build time by the jte Maven
 * plugin: parameters are type-checked and every {@code ${...}} is HTML-escaped for its context.
 * Only {@code $unsafe{...}} skips escaping, and it is used for nothing but rendered Markdown from
 * {@link ReadmeRenderer}.
 */
public final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    public String render(String template, Map<String, Object> parameters) {
        StringOutput output = new StringOutput(8 * 1024);
        engine.render(template, parameters, output);
        return output.toString();
    }
}
