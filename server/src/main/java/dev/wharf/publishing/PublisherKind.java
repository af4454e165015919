package dev.wharf.publishing;

import java.util.Locale;

/**
 * The kinds of trusted publisher pypi.org supports. The lower-case {@link #label()} is what the
 * database stores in {@code kind} columns: append new kinds, never rename a label.
 */
public enum PublisherKind {
    GITHUB("GitHub", "https://token.actions.githubusercontent.com"),
    GITLAB("GitLab", "https://gitlab.com"),
    GOOGLE("Google", "https://accounts.google.com"),
    ACTIVESTATE("ActiveState", "https://platform.activestate.com/api/v1/oauth/oidc");

    private final String displayName;
    private final String canonicalIssuer;

    PublisherKind(String displayName, String canonicalIssuer) {
        this.displayName = displayName;
        this.canonicalIssuer = canonicalIssuer;
    }

    /** Stored spelling: {@code github}, {@code gitlab}, {@code google}, {@code activestate}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** pypi.org's {@code publisher_name}, as in mint events: {@code GitHub}, {@code GitLab}, ... */
    public String displayName() {
        return displayName;
    }

    /** The issuer URL of the public service, exact, as pypi.org knows it. */
    public String canonicalIssuer() {
        return canonicalIssuer;
    }

    /**
     * Whether publishers of this kind may name an issuer other than {@link #canonicalIssuer()}:
     * GitLab (self-managed instances, as pypi.org) and GitHub (GitHub Enterprise Server, a Wharf
     * addition). The issuer is part of the stored identity and of the lookup, so a token from an
     * admin-added issuer can only ever match publishers registered for that issuer.
     */
    public boolean allowsCustomIssuer() {
        return this == GITHUB || this == GITLAB;
    }

    public static PublisherKind fromLabel(String label) {
        for (PublisherKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown publisher kind " + label);
    }
}
