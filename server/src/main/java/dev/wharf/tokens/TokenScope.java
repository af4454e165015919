package dev.wharf.tokens;

import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a token may upload to: every project of its user ({@link #allProjects()}), or only the named
 * projects ({@link #projects(Set)}), given as PEP 503 normalized names.
 *
 * @param projects the normalized names, sorted; empty means all projects of the token's user
 */
public record TokenScope(Optional<Set<String>> projects) {
    /**
     * At most this many projects per token: the names travel inside the token, and the whole token
     * must stay under {@link TokenFormat#MAX_PRESENTED_CHARS}.
     */
    public static final int MAX_PROJECTS = 50;

    static final int MAX_NAME_LENGTH = 100;

    // PEP 503 normalized form of a valid project name (core metadata "Name": letters, digits and
    // ".-_" inside): lower case, each run of "-_." folded to one "-", no "-" at either end.
    private static final Pattern NORMALIZED = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    public TokenScope {
        if (projects.isPresent()) {
            projects = Optional.of(validated(projects.get()));
        }
    }

    /** Every project the token's user may upload to, now or later. */
    public static TokenScope allProjects() {
        return new TokenScope(Optional.empty());
    }

    /** Only these projects (normalized names; at least one). */
    public static TokenScope projects(Set<String> normalizedNames) {
        return new TokenScope(Optional.of(normalizedNames));
    }

    /** Whether a token of this scope may upload to the project with this normalized name. */
    public boolean allows(String normalizedProject) {
        return projects.map(names -> names.contains(normalizedProject)).orElse(true);
    }

    private static Set<String> validated(Set<String> names) {
        if (names.isEmpty()) {
            throw new InvalidTokenRequestException("A project-scoped token needs at least one project.");
        }
        if (names.size() > MAX_PROJECTS) {
            throw new InvalidTokenRequestException("A token can be scoped to at most " + MAX_PROJECTS
                    + " projects; create one token per group of projects.");
        }
        SortedSet<String> sorted = new TreeSet<>();
        for (String name : names) {
            if (name == null
                    || name.length() > MAX_NAME_LENGTH
                    || !NORMALIZED.matcher(name).matches()) {
                throw new InvalidTokenRequestException(
                        "Project names in a token scope must be normalized (PEP 503: lower case, runs of '-', '_', '.' as one '-').");
            }
            sorted.add(name);
        }
        return Collections.unmodifiableSortedSet(sorted);
    }
}
