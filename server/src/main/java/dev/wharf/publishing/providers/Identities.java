package dev.wharf.publishing.providers;

import java.util.Objects;
import java.util.Optional;

/** What the identity records have in common: null checks, display names and page URLs. */
final class Identities {
    private Identities() {}

    /**
     * {@link Objects#requireNonNull(Object, String)} for each pair of a record component's name
     * and value, in order: {@code requireNonNull("owner", owner, "ownerId", ownerId)}.
     */
    static void requireNonNull(Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Objects.requireNonNull(namesAndValues[i + 1], (String) namesAndValues[i]);
        }
    }

    /**
     * A CI workflow's display name: {@code <path>, workflow <file>}, then {@code , environment <env>}
     * when one is registered and {@code , issuer <url>} when it is not the kind's default issuer.
     */
    static String workflowDisplayName(
            String path, String workflow, String environment, String issuerUrl, String defaultIssuer) {
        StringBuilder out = new StringBuilder(path).append(", workflow ").append(workflow);
        if (!environment.isEmpty()) {
            out.append(", environment ").append(environment);
        }
        if (!issuerUrl.equals(defaultIssuer)) {
            out.append(", issuer ").append(issuerUrl);
        }
        return out.toString();
    }

    /** A repository page, or the page of the commit {@code sha} names when it is given and not empty. */
    static Optional<String> atCommit(String url, Optional<String> sha) {
        return Optional.of(
                sha.filter(s -> !s.isEmpty()).map(s -> url + "/commit/" + s).orElse(url));
    }
}
