package dev.wharf.distributions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The names of Python standard library modules, which pypi.org refuses as new project names
 * ("conflict with Python Standard Library module name", when an upload would create one) so that
 * {@code pip install asyncio} cannot fetch someone else's code in place of the stdlib.
 *
 * <p>The list ships as {@code stdlib-module-names.txt} beside this class; its header says how it
 * was generated. As on pypi.org, every dotted prefix of a listed module counts
 * ({@code xml.etree.ElementTree} also refuses {@code xml.etree}), leading and trailing
 * {@code -_.} are stripped before normalizing (so {@code __future__} refuses {@code future} and
 * {@code _thread} refuses {@code thread}: a project name can never start with {@code _}, and the
 * stripped form is the one a user would register), and names compare in PEP 503 normalized form
 * ({@code xml_etree} and {@code XML.Etree} both conflict).
 */
public final class StdlibModules {
    private static final String RESOURCE = "stdlib-module-names.txt";
    private static final Set<String> PROHIBITED = load();

    private StdlibModules() {}

    /** Whether {@code name} is, in normalized form, a standard library module name. */
    public static boolean conflicts(ProjectName name) {
        return PROHIBITED.contains(name.normalized());
    }

    private static Set<String> load() {
        Set<String> prohibited = new HashSet<>();
        try (InputStream in = StdlibModules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String module = line.strip();
                if (module.isEmpty() || module.startsWith("#")) {
                    continue;
                }
                for (int dot = module.indexOf('.'); dot >= 0; dot = module.indexOf('.', dot + 1)) {
                    prohibited.add(key(module.substring(0, dot)));
                }
                prohibited.add(key(module));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(prohibited);
    }

    private static String key(String module) {
        int start = 0;
        int end = module.length();
        while (start < end && isSeparator(module.charAt(start))) {
            start++;
        }
        while (end > start && isSeparator(module.charAt(end - 1))) {
            end--;
        }
        return ProjectName.normalize(module.substring(start, end));
    }

    private static boolean isSeparator(char c) {
        return c == '-' || c == '_' || c == '.';
    }
}
