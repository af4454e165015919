package dev.wharf.indexes;

import dev.wharf.distributions.ProjectName;
import java.util.regex.Pattern;

/**
 * A protected name pattern such as {@code acme-*}: {@code *} matches any run of characters, and
 * both the pattern and the names it is matched against are PEP 503-normalized, so {@code Acme_*}
 * protects {@code acme.tools} too. Nothing else is special, so a pattern cannot be a regular
 * expression in disguise.
 */
public record ProjectPattern(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9._*-]{0,199}");

    public ProjectPattern {
        if (value == null || !SHAPE.matcher(value).matches() || value.chars().allMatch(c -> c == '*')) {
            throw IndexException.badRequest("A protected pattern is a project name in which * stands for any "
                    + "characters, e.g. \"acme-*\"; \"" + value + "\" is not one (and \"*\" alone would "
                    + "hide every upstream project)");
        }
        value = normalize(value);
    }

    public boolean matches(String normalizedName) {
        return glob(value, 0, normalizedName, 0);
    }

    /** PEP 503 normalization applied around the stars. */
    private static String normalize(String pattern) {
        StringBuilder out = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!out.isEmpty() || pattern.startsWith("*")) {
                out.append('*');
            }
            out.append(part.isEmpty() ? "" : ProjectName.normalize(part));
        }
        return out.toString().replaceAll("\\*+", "*");
    }

    /** Iterative-enough glob: patterns are short and have few stars, and names are bounded. */
    private static boolean glob(String pattern, int p, String name, int n) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                for (int i = n; i <= name.length(); i++) {
                    if (glob(pattern, p + 1, name, i)) {
                        return true;
                    }
                }
                return false;
            }
            if (n >= name.length() || name.charAt(n) != c) {
                return false;
            }
            p++;
            n++;
        }
        return n == name.length();
    }

    @Override
    public String toString() {
        return value;
    }
}
