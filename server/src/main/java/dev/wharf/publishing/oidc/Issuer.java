package dev.wharf.publishing.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An OIDC issuer Wharf trusts: its exact {@code iss} value, the kind of CI platform it is, whether
 * it is one of the four built-in public services, and optionally a pinned JWKS document (the key
 * set as JSON text) for an issuer Wharf cannot reach over the network.
 *
 * <p>Build admin-added issuers with {@link #custom}, which validates the URL once; {@link
 * #builtIn(IssuerKind)} gives the public services.
 */
public record Issuer(String url, IssuerKind kind, boolean builtIn, Optional<String> pinnedJwks) {
    /** Longest accepted issuer URL (also the column's documented limit). */
    public static final int MAX_URL_LENGTH = 512;

    /** Hosts for which plain {@code http} is accepted when insecure local issuers are allowed (the dev issuer). */
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

    public Issuer {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pinnedJwks, "pinnedJwks");
        if (builtIn && (!url.equals(kind.canonicalUrl()) || pinnedJwks.isPresent())) {
            throw new IllegalArgumentException(
                    "a built-in issuer is the canonical URL of its kind, without pinned keys");
        }
    }

    /** The public service of {@code kind} at its canonical URL. */
    public static Issuer builtIn(IssuerKind kind) {
        return new Issuer(kind.canonicalUrl(), kind, true, Optional.empty());
    }

    /**
     * An administrator-added issuer, after {@link #checkUrl}. The pinned JWKS is checked by the
     * {@link IssuerRegistry}, which is the only place such issuers are created from input.
     */
    public static Issuer custom(String url, IssuerKind kind, Optional<String> pinnedJwks, boolean allowInsecureLocal) {
        checkUrl(url, allowInsecureLocal);
        return new Issuer(url, kind, false, pinnedJwks);
    }

    /** Where the OpenID Connect discovery document lives (OpenID Connect Discovery 1.0 §4). */
    public String discoveryUrl() {
        return url + "/.well-known/openid-configuration";
    }

    /**
     * Whether this issuer is served over plain http on the loopback interface, which {@link
     * #checkUrl} admits only when insecure local issuers are allowed. The {@link JwksCache}
     * accepts an http {@code jwks_uri} on loopback only for such an issuer.
     */
    public boolean isInsecureLocal() {
        return isLoopbackHttp(url);
    }

    /**
     * Refuses anything but an absolute {@code https} URL with a host, no user information, no query,
     * no fragment and no trailing slash, of at most {@value #MAX_URL_LENGTH} characters. With
     * {@code allowInsecureLocal}, {@code http://127.0.0.1}, {@code http://localhost} and
     * {@code http://[::1]} (any port) are accepted too, for the development issuer.
     *
     * <p>The URL is compared with a token's {@code iss} exactly, character for character, so it is
     * not normalized here: an administrator must enter what the issuer puts in its tokens.
     */
    public static void checkUrl(String url, boolean allowInsecureLocal) {
        if (url == null || url.isEmpty()) {
            throw IssuerRefusedException.invalidUrl("The issuer URL is empty.");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw IssuerRefusedException.invalidUrl("The issuer URL is longer than " + MAX_URL_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw IssuerRefusedException.invalidUrl("The issuer URL is not a valid URL: " + url);
        }
        boolean https = "https".equals(uri.getScheme());
        if (!https && !(allowInsecureLocal && isLoopbackHttp(url))) {
            throw IssuerRefusedException.invalidUrl("The issuer URL must start with https:// (got " + url + ").");
        }
        if (uri.getRawAuthority() == null
                || uri.getHost() == null
                || uri.getHost().isEmpty()) {
            throw IssuerRefusedException.invalidUrl("The issuer URL has no host: " + url);
        }
        if (uri.getRawUserInfo() != null) {
            throw IssuerRefusedException.invalidUrl("The issuer URL must not contain user information.");
        }
        if (uri.getRawQuery() != null || url.contains("?")) {
            throw IssuerRefusedException.invalidUrl("The issuer URL must not have a query (?...): " + url);
        }
        if (uri.getRawFragment() != null || url.contains("#")) {
            throw IssuerRefusedException.invalidUrl("The issuer URL must not have a fragment (#...): " + url);
        }
        // The CI platforms Wharf knows put no trailing slash in "iss"; a URL with one would never
        // match a token (the comparison is exact), so say so now rather than at the first publish.
        if (url.endsWith("/")) {
            throw IssuerRefusedException.invalidUrl("The issuer URL must not end with '/'; enter it exactly as "
                    + "the issuer's tokens carry it in \"iss\", e.g. https://gitlab.example.com");
        }
    }

    private static boolean isLoopbackHttp(String url) {
        try {
            URI uri = new URI(url);
            return "http".equals(uri.getScheme())
                    && uri.getHost() != null
                    && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
