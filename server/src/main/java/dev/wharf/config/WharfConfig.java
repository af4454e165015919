package dev.wharf.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole configuration, validated once by {@link ConfigLoader} and immutable afterwards.
 *
 * @param host            address to listen on
 * @param port            TCP port (0 picks a free one, used by tests)
 * @param dataDirectory   where the embedded database and the files live
 * @param databaseUrl     an explicit database ({@code postgresql://...}); empty means SQLite in the data directory
 * @param publicUrl       the URL clients reach this index at, when behind a proxy; empty means derived from host and port
 * @param upload          limits and policies of {@code POST /legacy/}
 * @param s3              where files live when not in the data directory (scale-out), if configured
 * @param tls             certificate and key (PEM) when Wharf serves HTTPS itself
 * @param oidc            Trusted Publishing settings
 * @param privateReads    reads (simple API, files, JSON API) need an API token too (else 401, Basic)
 * @param mail            email notifications over SMTP; off unless an SMTP host is set
 * @param trustedProxies  reverse proxies whose X-Forwarded-For names the client; none by default
 * @param mirror          limits on what mirror indexes read from their upstreams
 */
public record WharfConfig(
        String host,
        int port,
        Path dataDirectory,
        Optional<String> databaseUrl,
        Optional<URI> publicUrl,
        UploadPolicy upload,
        Optional<dev.wharf.storage.blob.S3Settings> s3,
        Optional<TlsFiles> tls,
        OidcSettings oidc,
        boolean privateReads,
        MailSettings mail,
        dev.wharf.http.TrustedProxies trustedProxies,
        MirrorLimits mirror) {

    /**
     * Bounds on what a mirror reads from an upstream index: an upstream is untrusted input.
     *
     * @param maxPageBytes the largest project page read (it is parsed in memory)
     * @param maxFileBytes the largest file mirrored
     * @param pageTimeout  a whole page request, headers and body
     * @param idleTimeout  a file download that receives no byte for this long is abandoned
     * @param fileTimeout  a whole file download
     */
    public record MirrorLimits(
            int maxPageBytes,
            long maxFileBytes,
            java.time.Duration pageTimeout,
            java.time.Duration idleTimeout,
            java.time.Duration fileTimeout) {
        public static MirrorLimits defaults() {
            return new MirrorLimits(
                    64 * 1024 * 1024,
                    4L * 1024 * 1024 * 1024,
                    java.time.Duration.ofSeconds(30),
                    java.time.Duration.ofSeconds(30),
                    java.time.Duration.ofMinutes(60));
        }
    }

    /**
     * Email notifications over SMTP.
     *
     * @param smtpHost the SMTP server or relay; empty means mail is off (the default)
     * @param smtpPort its port (25; 587 is usual for {@code starttls}, 465 for {@code tls})
     * @param from     the sender; empty means {@code wharf@<public host>}
     * @param security how the connection is protected
     * @param username SMTP AUTH user name; empty means no AUTH
     * @param password SMTP AUTH password, present exactly when {@code username} is; never shown by {@link #toString()}
     */
    public record MailSettings(
            Optional<String> smtpHost,
            int smtpPort,
            Optional<String> from,
            MailSecurity security,
            Optional<String> username,
            Optional<String> password) {
        public static MailSettings off() {
            return new MailSettings(
                    Optional.empty(), 25, Optional.empty(), MailSecurity.NONE, Optional.empty(), Optional.empty());
        }

        public String fromAddress(String publicHost) {
            return from.orElse("wharf@" + publicHost);
        }

        @Override
        public String toString() {
            return "MailSettings[smtpHost=" + smtpHost + ", smtpPort=" + smtpPort + ", from=" + from + ", security="
                    + security + ", username=" + username + ", password=" + password.map(p -> "***") + "]";
        }
    }

    /** How the SMTP connection is protected ({@code mail.smtp-security}). */
    public enum MailSecurity {
        /** Plain SMTP, for a relay on this machine or a trusted network. */
        NONE,
        /** Plain connect, then STARTTLS (RFC 3207), required: a server that does not offer it is refused. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, RFC 8314 §3.3), usually port 465. */
        TLS;

        public static Optional<MailSecurity> parse(String text) {
            return switch (text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "none" -> Optional.of(NONE);
                case "starttls" -> Optional.of(STARTTLS);
                case "tls" -> Optional.of(TLS);
                default -> Optional.empty();
            };
        }
    }

    /**
     * Trusted Publishing.
     *
     * @param enabled            false answers every exchange with {@code not-enabled} and the audience with 403
     * @param audience           the {@code aud} tokens must carry; empty means derived from the public URL
     * @param tokenLifetime      lifetime of minted upload tokens (PEP 807: 15 minutes to 6 hours)
     * @param allowInsecureLocal accept http://127.0.0.1 / localhost issuers (the development issuer) - never in production
     * @param issuers            extra issuers from configuration, as {@code kind=url} entries
     */
    public record OidcSettings(
            boolean enabled,
            Optional<String> audience,
            java.time.Duration tokenLifetime,
            boolean allowInsecureLocal,
            java.util.List<String> issuers) {
        public static OidcSettings defaults() {
            return new OidcSettings(
                    true, Optional.empty(), java.time.Duration.ofMinutes(15), false, java.util.List.of());
        }
    }

    /**
     * The audience Trusted Publishing tokens must carry: configured, or this index's public authority
     * and path (e.g. {@code pypi.example.org} or {@code example.org:8443/pypi}). Unique per instance by
     * construction and never {@code pypi}, so a token minted for pypi.org is refused here and the reverse.
     */
    public String audience(URI publicUrl) {
        if (oidc.audience().isPresent()) {
            return oidc.audience().get();
        }
        String path = publicUrl.getRawPath() == null ? "" : publicUrl.getRawPath();
        path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return publicUrl.getRawAuthority() + path;
    }

    /** PEM files for HTTPS: a certificate chain and its PKCS#8 private key. */
    public record TlsFiles(Path certificateChain, Path privateKey) {}

    /** Policies of the upload API; the defaults are pypi.org's. */
    public record UploadPolicy(long maxFileSize, long maxProjectSize, boolean allowAnyPlatformTag) {
        public static final long DEFAULT_MAX_FILE_SIZE = 100L * 1024 * 1024;
        public static final long DEFAULT_MAX_PROJECT_SIZE = 10L * 1024 * 1024 * 1024;

        public static UploadPolicy defaults() {
            return new UploadPolicy(DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_PROJECT_SIZE, false);
        }
    }

    /** The base URL used in absolute links (file URLs in the JSON API, help links). */
    public URI baseUrl(int boundPort) {
        String scheme = tls.isPresent() ? "https" : "http";
        return publicUrl.orElseGet(() -> URI.create(scheme + "://" + hostForUrl() + ":" + boundPort));
    }

    private String hostForUrl() {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "localhost";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
