package dev.wharf.publishing;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Python {@code repr()} of strings and sorted lists, because pypi.org's reasons embed them
 * ({@code expecting one of ['a', 'b'], got 'c'}) and users compare them with pypi.org's. A claim
 * echoed back is cut at {@value #MAX_ECHO} characters: it came from the caller, and the reason
 * goes into a reason phrase.
 */
final class Repr {
    static final int MAX_ECHO = 300;

    private Repr() {
    }

    static String of(String text) {
        String shown = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
        char quote = shown.indexOf('\'') >= 0 && shown.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(shown.length() + 2).append(quote);
        shown.codePoints().forEach(cp -> {
            if (cp == quote || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp < 0x20 || cp == 0x7F) {
                out.append(String.format("\\x%02x", cp));
            } else if (Character.getType(cp) == Character.CONTROL || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.UNASSIGNED || Character.getType(cp) == Character.LINE_SEPARATOR
                    || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
                out.append(cp < 0x100 ? String.format("\\x%02x", cp)
                        : cp < 0x10000 ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append(quote).toString();
    }

    /** {@code repr(sorted(values))}: {@code ['a', 'b']}. */
    static String sortedList(Collection<String> values) {
        return values.stream().sorted().map(Repr::of).collect(Collectors.joining(", ", "[", "]"));
    }
}
