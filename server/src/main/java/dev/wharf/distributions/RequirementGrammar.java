package dev.wharf.distributions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A syntax checker for PEP 508 dependency specifiers ("Dependency specifiers" spec on
 * packaging.python.org), enough to validate Requires-Dist, Provides-Dist and Obsoletes-Dist:
 *
 * <pre>
 *   requirement := name ws* extras? ws* ( '@' ws* url (ws+ marker-part)? | versionspec? ws* marker-part? )
 *   extras      := '[' ws* (name (ws* ',' ws* name)*)? ws* ']'
 *   versionspec := '(' specifier-set ')' | specifier-set
 *   marker-part := ';' ws* marker
 * </pre>
 *
 * It checks syntax only: it does not evaluate markers, and it accepts any non-whitespace URL
 * after {@code @} (the upload rules refuse direct URLs anyway).
 */
final class RequirementGrammar {
    /** A parsed requirement; {@code url} and {@code marker} are null when absent. */
    record Requirement(String name, List<String> extras, String specifier, String url, String marker) {
        /**
         * The requirement written out the way packaging's {@code str(Requirement)} does for the
         * direct-URL case ({@code name[extras]@ url ; marker}), which pypi.org quotes in
         * "Can't have direct dependency: ...".
         */
        String display() {
            StringBuilder out = new StringBuilder(name);
            if (!extras.isEmpty()) {
                out.append('[').append(String.join(",", new TreeSet<>(extras))).append(']');
            }
            out.append(specifier);
            if (url != null) {
                out.append("@ ").append(url);
                if (marker != null) {
                    out.append(' ');
                }
            }
            if (marker != null) {
                out.append("; ").append(marker);
            }
            return out.toString();
        }
    }

    /** The requirement text is not a PEP 508 dependency specifier; the message says why. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?");

    /** Marker variables of PEP 508 and its successors, plus the legacy dotted aliases. */
    private static final Set<String> MARKER_VARIABLES = Set.of(
            "python_version",
            "python_full_version",
            "os_name",
            "sys_platform",
            "platform_release",
            "platform_system",
            "platform_version",
            "platform_machine",
            "platform_python_implementation",
            "implementation_name",
            "implementation_version",
            "extra",
            "extras",
            "dependency_groups",
            "os.name",
            "sys.platform",
            "platform.version",
            "platform.machine",
            "platform.python_implementation",
            "python_implementation");

    private final String text;
    private int pos;

    private RequirementGrammar(String text) {
        this.text = text;
    }

    static Requirement parse(String text) throws SyntaxError {
        return new RequirementGrammar(text).requirement();
    }

    private Requirement requirement() throws SyntaxError {
        skipSpace();
        String name = matchName("Expected package name at the start of dependency specifier");
        skipSpace();
        List<String> extras = new ArrayList<>();
        if (peek('[')) {
            pos++;
            skipSpace();
            if (!peek(']')) {
                while (true) {
                    extras.add(matchName("Expected extra name"));
                    skipSpace();
                    if (peek(',')) {
                        pos++;
                        skipSpace();
                    } else if (peek(']')) {
                        break;
                    } else {
                        throw new SyntaxError("Expected comma between extra names");
                    }
                }
            }
            pos++;
            skipSpace();
        }
        if (peek('@')) {
            pos++;
            skipSpace();
            int start = pos;
            while (pos < text.length() && !isSpace(text.charAt(pos))) {
                pos++;
            }
            String url = text.substring(start, pos);
            if (url.isEmpty()) {
                throw new SyntaxError("Expected URL after @");
            }
            if (atEnd()) {
                return new Requirement(name, extras, "", url, null);
            }
            skipSpace();
            if (atEnd()) {
                return new Requirement(name, extras, "", url, null);
            }
            return new Requirement(name, extras, "", url, markerPart());
        }
        String specifier;
        if (peek('(')) {
            int close = text.indexOf(')', pos);
            if (close < 0) {
                throw new SyntaxError("Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS");
            }
            specifier = text.substring(pos + 1, close).strip();
            pos = close + 1;
        } else {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != ';') {
                pos++;
            }
            specifier = text.substring(start, pos).strip();
        }
        if (!VersionGrammar.isSpecifierSet(specifier)) {
            throw new SyntaxError("Invalid specifier: " + PythonRepr.of(specifier));
        }
        specifier = specifier.replaceAll("\\s+", "");
        skipSpace();
        String marker = atEnd() ? null : markerPart();
        return new Requirement(name, extras, specifier, null, marker);
    }

    private String markerPart() throws SyntaxError {
        if (!peek(';')) {
            throw new SyntaxError("Expected end or semicolon (after name and no valid version specifier)");
        }
        String marker = text.substring(pos + 1).strip();
        new MarkerParser(marker).parse();
        return marker;
    }

    private String matchName(String expected) throws SyntaxError {
        var m = NAME.matcher(text).region(pos, text.length());
        if (!m.lookingAt()) {
            throw new SyntaxError(expected);
        }
        pos = m.end();
        return m.group();
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private void skipSpace() {
        while (pos < text.length() && isSpace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Recursive descent over PEP 508's marker grammar:
     * {@code or := and ('or' and)*}, {@code and := atom ('and' atom)*},
     * {@code atom := '(' or ')' | value op value}, where a value is a marker variable or a quoted
     * string and op is a version comparison, {@code in} or {@code not in}.
     */
    private static final class MarkerParser {
        private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
        private static final Pattern OPERATOR = Pattern.compile("===|==|!=|<=|>=|~=|<|>");

        private final String text;
        private int pos;

        MarkerParser(String text) {
            this.text = text;
        }

        void parse() throws SyntaxError {
            if (text.isEmpty()) {
                throw new SyntaxError("Expected marker after semicolon");
            }
            orExpression();
            skipSpace();
            if (pos < text.length()) {
                throw new SyntaxError("Unexpected text in marker: " + PythonRepr.of(text.substring(pos)));
            }
        }

        private void orExpression() throws SyntaxError {
            andExpression();
            while (keyword("or")) {
                andExpression();
            }
        }

        private void andExpression() throws SyntaxError {
            atom();
            while (keyword("and")) {
                atom();
            }
        }

        private void atom() throws SyntaxError {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '(') {
                pos++;
                orExpression();
                skipSpace();
                if (pos >= text.length() || text.charAt(pos) != ')') {
                    throw new SyntaxError("Expected closing parenthesis in marker");
                }
                pos++;
                return;
            }
            value();
            operator();
            value();
        }

        private void value() throws SyntaxError {
            skipSpace();
            if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
                char quote = text.charAt(pos);
                int close = text.indexOf(quote, pos + 1);
                if (close < 0) {
                    throw new SyntaxError("Unterminated string in marker");
                }
                pos = close + 1;
                return;
            }
            var m = WORD.matcher(text).region(pos, text.length());
            if (!m.lookingAt() || !MARKER_VARIABLES.contains(m.group())) {
                throw new SyntaxError("Expected a marker variable or quoted string");
            }
            pos = m.end();
        }

        private void operator() throws SyntaxError {
            skipSpace();
            var m = OPERATOR.matcher(text).region(pos, text.length());
            if (m.lookingAt()) {
                pos = m.end();
            } else if (keyword("in")) {
                return;
            } else if (keyword("not")) {
                if (!keyword("in")) {
                    throw new SyntaxError("Expected 'in' after 'not' in marker");
                }
            } else {
                throw new SyntaxError("Expected marker operator");
            }
        }

        /** Consumes {@code word} if it comes next as a whole word. */
        private boolean keyword(String word) {
            skipSpace();
            int end = pos + word.length();
            if (text.startsWith(word, pos)
                    && (end == text.length()
                            || !Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) != '_')) {
                pos = end;
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (pos < text.length() && isSpace(text.charAt(pos))) {
                pos++;
            }
        }
    }
}
