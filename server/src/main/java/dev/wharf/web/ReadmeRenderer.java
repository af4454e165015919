package dev.wharf.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders a project description for its page, safely: the text is the uploader's, so no raw HTML
 * and no script reaches the page. Markdown (CommonMark + GFM tables) is rendered with raw HTML
 * escaped and unsafe link schemes ({@code javascript:}, {@code data:}, ...) removed by commonmark's
 * URL sanitizer; the page's Content-Security-Policy forbids scripts in any case. reStructuredText
 * (pypi.org's default when no content type is given) goes through {@link RstRenderer}, which
 * escapes everything before adding its own markup; plain text is shown as escaped preformatted text.
 */
public final class ReadmeRenderer {
    /** Longest description rendered; pypi.org's form limit is 1 MiB too. */
    static final int MAX_CHARS = 1024 * 1024;

    private final Parser parser;
    private final HtmlRenderer renderer;

    public ReadmeRenderer() {
        List<org.commonmark.Extension> extensions = List.of(TablesExtension.create());
        this.parser = Parser.builder().extensions(extensions).build();
        this.renderer = HtmlRenderer.builder()
                .extensions(extensions)
                .escapeHtml(true)
                .sanitizeUrls(true)
                .build();
    }

    /** A rendered description: trusted HTML, or escaped preformatted text (the template escapes it). */
    public record Rendered(Optional<String> html, Optional<String> preformatted) {}

    public Rendered render(Optional<String> description, Optional<String> contentType) {
        if (description.isEmpty() || description.get().isBlank()) {
            return new Rendered(Optional.empty(), Optional.empty());
        }
        String text =
                description.get().length() > MAX_CHARS ? description.get().substring(0, MAX_CHARS) : description.get();
        String type = contentType.map(t -> t.toLowerCase(Locale.ROOT)).orElse("text/x-rst");
        if (type.startsWith("text/markdown")) {
            return new Rendered(Optional.of(renderer.render(parser.parse(text))), Optional.empty());
        }
        if (type.startsWith("text/x-rst")) {
            return new Rendered(Optional.of(RstRenderer.render(text)), Optional.empty());
        }
        return new Rendered(Optional.empty(), Optional.of(text));
    }
}
