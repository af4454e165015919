package dev.wharf.publishing.oidc;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of CI platform whose ID tokens Wharf accepts, each with the issuer URL of its public
 * service (the issuers pypi.org has built in). An administrator may add further issuers of a
 * known kind at other URLs (GitHub Enterprise Server, self-managed GitLab); the kind decides which
 * publisher rules apply to their claims.
 *
 * <p>{@link #service()} is stored in the database ({@code oidc_issuers.kind}) and appears in
 * pypi.org's {@code not-enabled} description: append new kinds, never rename one.
 */
public enum IssuerKind {
    GITHUB("github", "https://token.actions.githubusercontent.com"),
    GITLAB("gitlab", "https://gitlab.com"),
    GOOGLE("google", "https://accounts.google.com"),
    ACTIVESTATE("activestate", "https://platform.activestate.com/api/v1/oauth/oidc");

    private final String service;
    private final String canonicalUrl;

    IssuerKind(String service, String canonicalUrl) {
        this.service = service;
        this.canonicalUrl = canonicalUrl;
    }

    /** Lower-case name as pypi.org spells it: {@code github}, {@code gitlab}, {@code google}, {@code activestate}. */
    public String service() {
        return service;
    }

    /** The exact {@code iss} of the public service, e.g. {@code https://token.actions.githubusercontent.com}. */
    public String canonicalUrl() {
        return canonicalUrl;
    }

    /** The kind whose {@link #service()} is {@code name} (case-insensitive), as typed by an administrator. */
    public static Optional<IssuerKind> ofService(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (IssuerKind kind : values()) {
            if (kind.service.equals(wanted)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The kind whose public service issues tokens with exactly this {@code iss}. */
    public static Optional<IssuerKind> ofCanonicalUrl(String url) {
        for (IssuerKind kind : values()) {
            if (kind.canonicalUrl.equals(url)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
