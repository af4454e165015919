package dev.wharf.distributions;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a wheel's {@code entry_points.txt} as pypi.org's upload does (Warehouse
 * {@code forklift/legacy.py}): it must be an INI file that Python's {@code configparser} accepts in
 * its default strict mode, and every name under {@code [console_scripts]} and {@code [gui_scripts]}
 * must match {@code [\w.-]+}. Installers turn those names into files in the scripts directory, so a
 * name like {@code ../evil} would write outside it (Entry points specification, "Use for scripts").
 *
 * <p>The INI rules mirrored from {@code configparser}: full-line comments start with {@code #}
 * or {@code ;}; a section header is {@code [name]}; an option is {@code key=value} or
 * {@code key:value} (the first delimiter splits) with a non-empty key, lower-cased; an indented
 * line continues the previous value; an option before any section, a line that is neither,
 * a duplicate section or a duplicate option in one section is an error.
 */
final class EntryPointNames {
    private static final Pattern SCRIPT_NAME = Pattern.compile("[\\w.-]+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Set<String> SCRIPT_GROUPS = Set.of("console_scripts", "gui_scripts");

    private EntryPointNames() {}

    /** Whether {@code text} is acceptable; {@code false} for any parse error or bad script name. */
    static boolean valid(String text) {
        Map<String, Set<String>> sections = new HashMap<>();
        Set<String> current = null;
        boolean inOption = false;
        for (String line : text.split("\r\n|\r|\n", -1)) {
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                // configparser keeps empty lines inside a continued value; they end nothing.
                continue;
            }
            boolean indented = Character.isWhitespace(line.charAt(0));
            if (stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            if (indented && inOption) {
                continue; // continuation of the previous value
            }
            if (stripped.startsWith("[") && stripped.endsWith("]") && stripped.length() > 2) {
                String name = stripped.substring(1, stripped.length() - 1);
                if (sections.containsKey(name)) {
                    return false;
                }
                current = new HashSet<>();
                sections.put(name, current);
                inOption = false;
                continue;
            }
            if (current == null) {
                return false; // MissingSectionHeaderError
            }
            int equals = stripped.indexOf('=');
            int colon = stripped.indexOf(':');
            int split = equals < 0 ? colon : colon < 0 ? equals : Math.min(equals, colon);
            if (split < 0) {
                return false; // ParsingError
            }
            String key = stripped.substring(0, split).strip().toLowerCase(java.util.Locale.ROOT);
            if (key.isEmpty() || !current.add(key)) {
                return false;
            }
            inOption = true;
        }
        for (String group : SCRIPT_GROUPS) {
            Set<String> names = sections.get(group);
            if (names == null) {
                continue;
            }
            for (String name : names) {
                if (!SCRIPT_NAME.matcher(name).matches()) {
                    return false;
                }
            }
        }
        return true;
    }
}
