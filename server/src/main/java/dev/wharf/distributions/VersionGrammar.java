package dev.wharf.distributions;

import java.util.regex.Pattern;

/**
 * Syntax of PEP 440 versions and version specifiers (packaging.python.org
 * specifications/version-specifiers), as regular expressions written from the specification's
 * grammar. Only syntax: comparing and normalizing versions is the job of {@code Version}. Kept
 * here, not delegated to {@code Version}, so metadata validation and the specifier checker share
 * one definition of the version text that may appear after an operator.
 */
final class VersionGrammar {
    private static final String EPOCH = "(?:[0-9]+!)?";
    private static final String RELEASE = "[0-9]+(?:\\.[0-9]+)*";
    private static final String PRE = "(?:[-_.]?(?:alpha|a|beta|b|preview|pre|c|rc)[-_.]?[0-9]*)?";
    private static final String POST = "(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?";
    private static final String DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
    private static final String LOCAL = "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)";

    /** A version; leading and trailing whitespace is allowed, as PEP 440 normalization permits. */
    private static final Pattern VERSION = Pattern.compile(
            "\\s*v?" + EPOCH + RELEASE + PRE + POST + DEV + "(" + LOCAL + ")?\\s*", Pattern.CASE_INSENSITIVE);

    // One specifier clause, per operator ("Version specifiers" spec):
    // === takes any text without whitespace; == and != take a public version with an optional
    // local label, or a release prefix ending in .*; ~= needs two release segments and no local
    // label; the ordered comparisons take neither a local label nor a wildcard.
    private static final Pattern ARBITRARY = Pattern.compile("===\\s*[^\\s;)]+");
    private static final Pattern EQUALITY = Pattern.compile(
            "(?:==|!=)\\s*v?" + EPOCH + RELEASE + "(?:\\.\\*|" + PRE + POST + DEV + LOCAL + "?)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPATIBLE =
            Pattern.compile("~=\\s*v?" + EPOCH + "[0-9]+(?:\\.[0-9]+)+" + PRE + POST + DEV, Pattern.CASE_INSENSITIVE);
    private static final Pattern ORDERED =
            Pattern.compile("(?:<=|>=|<|>)\\s*v?" + EPOCH + RELEASE + PRE + POST + DEV, Pattern.CASE_INSENSITIVE);

    private VersionGrammar() {}

    static boolean isVersion(String text) {
        return VERSION.matcher(text).matches();
    }

    /** A valid version that carries a local label ({@code 1.0+abc}). */
    static boolean isLocalVersion(String text) {
        var m = VERSION.matcher(text);
        return m.matches() && m.group(1) != null;
    }

    /**
     * A comma-separated specifier set such as {@code >=3.8,<4}. Empty clauses are skipped, as
     * packaging's {@code SpecifierSet} does, so the empty string is the empty (match-all) set.
     */
    static boolean isSpecifierSet(String text) {
        for (String clause : text.split(",", -1)) {
            String trimmed = clause.strip();
            if (!trimmed.isEmpty() && !isSpecifier(trimmed)) {
                return false;
            }
        }
        return true;
    }

    static boolean isSpecifier(String clause) {
        return ARBITRARY.matcher(clause).matches()
                || EQUALITY.matcher(clause).matches()
                || COMPATIBLE.matcher(clause).matches()
                || ORDERED.matcher(clause).matches();
    }
}
