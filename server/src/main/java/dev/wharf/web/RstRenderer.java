package dev.wharf.web;

import static dev.wharf.html.Html.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the common subset of reStructuredText that project descriptions use, to safe HTML:
 * section titles (underlined, and over-and-underlined), paragraphs, bullet and enumerated lists,
 * literal blocks ({@code ::} and {@code .. code-block::}), and inline {@code ``literal``},
 * {@code **strong**}, {@code *emphasis*} and {@code `text <https://...>`_} links. Every other
 * directive or comment is left out. No maintained Java renderer for reStructuredText exists, so
 * this is ours; safety comes from its construction: all text is HTML-escaped before any markup
 * is added, and links are http/https only.
 */
public final class RstRenderer {
    private static final Pattern UNDERLINE = Pattern.compile("([=\\-~^*+#\"'`:.])\\1{2,}\\s*");
    private static final Pattern BULLET = Pattern.compile("^[*+-] +(.*)$");
    private static final Pattern ENUMERATED = Pattern.compile("^(?:#|\\d{1,4})[.)] +(.*)$");
    private static final Pattern LINK = Pattern.compile("`([^`<]+?)\\s*&lt;(https?://[^\\s&]+?)&gt;`__?");
    private static final Pattern LITERAL = Pattern.compile("``(.+?)``");
    private static final Pattern STRONG = Pattern.compile("\\*\\*(\\S(?:.*?\\S)?)\\*\\*");
    private static final Pattern EMPHASIS = Pattern.compile("(?<![*\\w])\\*(\\S(?:.*?\\S)?)\\*(?![*\\w])");

    private RstRenderer() {}

    public static String render(String source) {
        List<String> lines =
                source.replace("\r\n", "\n").replace('\t', ' ').lines().toList();
        StringBuilder html = new StringBuilder(source.length() + source.length() / 4);
        List<Character> titleLevels = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank()) {
                i++;
                continue;
            }
            // Over-and-underlined title: ===== / Title / =====
            if (UNDERLINE.matcher(line).matches()
                    && i + 2 < lines.size()
                    && !lines.get(i + 1).isBlank()
                    && UNDERLINE.matcher(lines.get(i + 2)).matches()) {
                heading(html, titleLevels, line.charAt(0), lines.get(i + 1).strip());
                i += 3;
                continue;
            }
            // Underlined title: Title / =====
            if (i + 1 < lines.size()
                    && !line.startsWith(" ")
                    && UNDERLINE.matcher(lines.get(i + 1)).matches()
                    && lines.get(i + 1).strip().length() >= line.strip().length()) {
                heading(html, titleLevels, lines.get(i + 1).charAt(0), line.strip());
                i += 2;
                continue;
            }
            if (line.startsWith(".. ")) {
                // Directives and comments: a code block's body is shown as a literal block, the rest is left out.
                boolean code = line.startsWith(".. code-block::")
                        || line.startsWith(".. code::")
                        || line.startsWith(".. sourcecode::");
                i++;
                List<String> body = new ArrayList<>();
                while (i < lines.size()
                        && (lines.get(i).isBlank() || lines.get(i).startsWith(" "))) {
                    body.add(lines.get(i));
                    i++;
                }
                if (code) {
                    literal(
                            html,
                            body.stream()
                                    .filter(l -> !l.strip().startsWith(":"))
                                    .toList());
                }
                continue;
            }
            if (BULLET.matcher(line).matches() || ENUMERATED.matcher(line).matches()) {
                boolean ordered = ENUMERATED.matcher(line).matches();
                html.append(ordered ? "<ol>\n" : "<ul>\n");
                while (i < lines.size()) {
                    Matcher item = (ordered ? ENUMERATED : BULLET).matcher(lines.get(i));
                    if (!item.matches()) {
                        break;
                    }
                    StringBuilder text = new StringBuilder(item.group(1));
                    i++;
                    while (i < lines.size()
                            && lines.get(i).startsWith("  ")
                            && !lines.get(i).isBlank()) {
                        text.append(' ').append(lines.get(i).strip());
                        i++;
                    }
                    html.append("<li>").append(inline(text.toString())).append("</li>\n");
                    while (i < lines.size()
                            && lines.get(i).isBlank()
                            && i + 1 < lines.size()
                            && (ordered ? ENUMERATED : BULLET)
                                    .matcher(lines.get(i + 1))
                                    .matches()) {
                        i++;
                    }
                }
                html.append(ordered ? "</ol>\n" : "</ul>\n");
                continue;
            }
            // A paragraph: up to the next blank line.
            List<String> paragraph = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).isBlank()) {
                paragraph.add(lines.get(i).strip());
                i++;
            }
            String text = String.join(" ", paragraph);
            boolean introducesLiteral = text.endsWith("::");
            if (introducesLiteral) {
                text = text.endsWith(" ::")
                        ? text.substring(0, text.length() - 3)
                        : text.substring(0, text.length() - 1);
            }
            if (!text.isBlank()) {
                html.append("<p>").append(inline(text)).append("</p>\n");
            }
            if (introducesLiteral) {
                List<String> block = new ArrayList<>();
                while (i < lines.size()
                        && (lines.get(i).isBlank() || lines.get(i).startsWith(" "))) {
                    block.add(lines.get(i));
                    i++;
                }
                literal(html, block);
            }
        }
        return html.toString();
    }

    private static void heading(StringBuilder html, List<Character> levels, char marker, String title) {
        if (!levels.contains(marker)) {
            levels.add(marker);
        }
        // The first title style is h1, the next h2, and so on (reStructuredText's rule), capped at h6.
        int level = Math.min(6, levels.indexOf(marker) + 1);
        html.append("<h")
                .append(level)
                .append('>')
                .append(inline(title))
                .append("</h")
                .append(level)
                .append(">\n");
    }

    private static void literal(StringBuilder html, List<String> block) {
        int indent = block.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        List<String> trimmed = new ArrayList<>(block.stream()
                .map(l -> l.length() >= indent ? l.substring(indent) : "")
                .toList());
        while (!trimmed.isEmpty() && trimmed.getLast().isBlank()) {
            trimmed.removeLast();
        }
        while (!trimmed.isEmpty() && trimmed.getFirst().isBlank()) {
            trimmed.removeFirst();
        }
        if (!trimmed.isEmpty()) {
            html.append("<pre><code>")
                    .append(escape(String.join("\n", trimmed)))
                    .append("</code></pre>\n");
        }
    }

    /** Inline markup is matched only in lines of text up to this long, so no input makes the patterns slow. */
    static final int MAX_INLINE = 20_000;

    private static String inline(String text) {
        String escaped = escape(text);
        if (escaped.length() > MAX_INLINE) {
            return escaped;
        }
        escaped = LINK.matcher(escaped)
                .replaceAll(m -> Matcher.quoteReplacement(
                        "<a href=\"" + m.group(2) + "\" rel=\"nofollow noopener noreferrer\">" + m.group(1) + "</a>"));
        escaped = LITERAL.matcher(escaped).replaceAll("<code>$1</code>");
        escaped = STRONG.matcher(escaped).replaceAll("<strong>$1</strong>");
        return EMPHASIS.matcher(escaped).replaceAll("<em>$1</em>");
    }
}
