package dev.wharf.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Builds a {@link WharfConfig} from, in increasing precedence: built-in defaults, a TOML file,
 * {@code WHARF_<SECTION>_<KEY>} environment variables, and command-line flags. Every value is
 * validated here, once; unknown keys are refused so that a typo never silently does nothing.
 *
 * <p>Keys (TOML section.key; environment variable):
 * <pre>
 * server.host                    WHARF_SERVER_HOST                    127.0.0.1
 * server.port                    WHARF_SERVER_PORT                    8080
 * server.public-url              WHARF_SERVER_PUBLIC_URL              (derived)
 * server.private-reads           WHARF_SERVER_PRIVATE_READS           false (true: reads need an API token)
 * server.trusted-proxies         WHARF_SERVER_TRUSTED_PROXIES         (none) "10.0.0.0/8, ::1": their X-Forwarded-For names the client
 * server.tls-cert                WHARF_SERVER_TLS_CERT                (plain HTTP) PEM certificate chain
 * server.tls-key                 WHARF_SERVER_TLS_KEY                 (plain HTTP) PEM PKCS#8 private key
 * storage.data                   WHARF_STORAGE_DATA                   ./wharf-data
 * storage.database-url           WHARF_STORAGE_DATABASE_URL           (SQLite in the data directory)
 * upload.max-file-size           WHARF_UPLOAD_MAX_FILE_SIZE           100MiB
 * upload.max-project-size        WHARF_UPLOAD_MAX_PROJECT_SIZE        10GiB
 * upload.allow-any-platform-tag  WHARF_UPLOAD_ALLOW_ANY_PLATFORM_TAG  false
 * storage.s3-endpoint            WHARF_STORAGE_S3_ENDPOINT            (files in the data directory)
 * storage.s3-region              WHARF_STORAGE_S3_REGION              us-east-1
 * storage.s3-bucket              WHARF_STORAGE_S3_BUCKET
 * storage.s3-access-key          WHARF_STORAGE_S3_ACCESS_KEY
 * storage.s3-secret-key          WHARF_STORAGE_S3_SECRET_KEY          (prefer the environment for secrets)
 * storage.s3-prefix              WHARF_STORAGE_S3_PREFIX              ""
 * oidc.enabled                   WHARF_OIDC_ENABLED                   true
 * oidc.audience                  WHARF_OIDC_AUDIENCE                  (the public URL's host[:port][/path])
 * oidc.token-lifetime            WHARF_OIDC_TOKEN_LIFETIME            15m (PEP 807 bounds: 15m to 6h)
 * oidc.allow-insecure-local-issuers WHARF_OIDC_ALLOW_INSECURE_LOCAL_ISSUERS false (development issuer only)
 * oidc.issuers                   WHARF_OIDC_ISSUERS                   (none) extra issuers, "kind=url, kind=url"
 * mail.smtp-host                 WHARF_MAIL_SMTP_HOST                 (mail off) the SMTP server or relay
 * mail.smtp-port                 WHARF_MAIL_SMTP_PORT                 25
 * mail.smtp-security             WHARF_MAIL_SMTP_SECURITY             none | starttls (required) | tls (SMTPS, port 465)
 * mail.smtp-username             WHARF_MAIL_SMTP_USERNAME             (no AUTH)
 * mail.smtp-password             WHARF_MAIL_SMTP_PASSWORD             (prefer the environment for secrets)
 * mail.from                      WHARF_MAIL_FROM                      wharf@(public host)
 * mirror.max-page-size           WHARF_MIRROR_MAX_PAGE_SIZE           64MiB  largest upstream project page read
 * mirror.max-file-size           WHARF_MIRROR_MAX_FILE_SIZE           4GiB   largest upstream file mirrored
 * mirror.page-timeout            WHARF_MIRROR_PAGE_TIMEOUT            30s    a whole upstream page, body included
 * mirror.idle-timeout            WHARF_MIRROR_IDLE_TIMEOUT            30s    an upstream file download without a byte
 * mirror.file-timeout            WHARF_MIRROR_FILE_TIMEOUT            60m    a whole upstream file download
 * </pre>
 */
public final class ConfigLoader {
    static final Set<String> KEYS = Set.of(
            "server.host",
            "server.port",
            "server.public-url",
            "server.tls-cert",
            "server.tls-key",
            "server.private-reads",
            "server.trusted-proxies",
            "storage.data",
            "storage.database-url",
            "storage.s3-endpoint",
            "storage.s3-region",
            "storage.s3-bucket",
            "storage.s3-access-key",
            "storage.s3-secret-key",
            "storage.s3-prefix",
            "oidc.enabled",
            "oidc.audience",
            "oidc.token-lifetime",
            "mirror.max-page-size",
            "mirror.max-file-size",
            "mirror.page-timeout",
            "mirror.idle-timeout",
            "mirror.file-timeout",
            "oidc.allow-insecure-local-issuers",
            "oidc.issuers",
            "upload.max-file-size",
            "upload.max-project-size",
            "upload.allow-any-platform-tag",
            "mail.smtp-host",
            "mail.smtp-port",
            "mail.smtp-security",
            "mail.smtp-username",
            "mail.smtp-password",
            "mail.from");

    private final Map<String, String> values = new LinkedHashMap<>();

    public ConfigLoader() {
        values.put("server.host", "127.0.0.1");
        values.put("server.port", "8080");
        values.put("storage.data", "./wharf-data");
        values.put("upload.max-file-size", "100MiB");
        values.put("upload.max-project-size", "10GiB");
        values.put("upload.allow-any-platform-tag", "false");
        values.put("server.private-reads", "false");
        values.put("oidc.enabled", "true");
        values.put("oidc.token-lifetime", "15m");
        values.put("mirror.max-page-size", "64MiB");
        values.put("mirror.max-file-size", "4GiB");
        values.put("mirror.page-timeout", "30s");
        values.put("mirror.idle-timeout", "30s");
        values.put("mirror.file-timeout", "60m");
        values.put("oidc.allow-insecure-local-issuers", "false");
        values.put("mail.smtp-port", "25");
        values.put("mail.smtp-security", "none");
    }

    /** Reads a TOML file; its tables are the sections above. */
    public ConfigLoader file(Path toml) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(Files.readString(toml));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + toml + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new ConfigException("config file " + toml + " is not valid TOML: " + e.getOriginalMessage());
        }
        for (var section : root.properties()) {
            if (!section.getValue().isObject()) {
                throw new ConfigException("config file " + toml + ": '" + section.getKey() + "' must be a [section]");
            }
            for (var entry : section.getValue().properties()) {
                String key = section.getKey() + "." + entry.getKey();
                set(
                        key,
                        entry.getValue().isValueNode()
                                ? entry.getValue().asString()
                                : entry.getValue().toString(),
                        "config file " + toml);
            }
        }
        return this;
    }

    /** Applies {@code WHARF_*} variables that name known keys; others are ignored. */
    public ConfigLoader environment(Map<String, String> environment) {
        for (String key : KEYS) {
            String variable = "WHARF_" + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                values.put(key, value);
            }
        }
        return this;
    }

    /** Applies a command-line flag; {@code null} means the flag was not given. */
    public ConfigLoader flag(String key, Object value) {
        if (value != null) {
            set(key, value.toString(), "flag");
        }
        return this;
    }

    private void set(String key, String value, String source) {
        if (!KEYS.contains(key)) {
            throw new ConfigException(source + ": unknown setting '" + key + "'; known settings: "
                    + String.join(", ", KEYS.stream().sorted().toList()));
        }
        values.put(key, value);
    }

    public WharfConfig load() {
        int port = parsePort(values.get("server.port"));
        Optional<URI> publicUrl =
                Optional.ofNullable(values.get("server.public-url")).map(ConfigLoader::parsePublicUrl);
        long maxFile = ByteSize.parse("upload.max-file-size", values.get("upload.max-file-size"));
        long maxProject = ByteSize.parse("upload.max-project-size", values.get("upload.max-project-size"));
        if (maxFile <= 0 || maxProject <= 0) {
            throw new ConfigException("upload.max-file-size and upload.max-project-size must be positive");
        }
        if (maxFile > maxProject) {
            throw new ConfigException(
                    "upload.max-file-size (" + maxFile + ") exceeds upload.max-project-size (" + maxProject + ")");
        }
        return new WharfConfig(
                values.get("server.host"),
                port,
                Path.of(values.get("storage.data")),
                Optional.ofNullable(values.get("storage.database-url")).filter(s -> !s.isBlank()),
                publicUrl,
                new WharfConfig.UploadPolicy(maxFile, maxProject, parseBoolean("upload.allow-any-platform-tag")),
                s3(),
                tls(),
                oidc(),
                parseBoolean("server.private-reads"),
                mail(),
                trustedProxies(),
                mirror());
    }

    private WharfConfig.MirrorLimits mirror() {
        long page = ByteSize.parse("mirror.max-page-size", values.get("mirror.max-page-size"));
        long file = ByteSize.parse("mirror.max-file-size", values.get("mirror.max-file-size"));
        if (page <= 0 || file <= 0) {
            throw new ConfigException("mirror.max-page-size and mirror.max-file-size must be positive");
        }
        if (page > Integer.MAX_VALUE - 8) {
            throw new ConfigException("mirror.max-page-size must be below 2GiB (a page is parsed in memory)");
        }
        java.time.Duration pageTimeout = positive("mirror.page-timeout");
        java.time.Duration idle = positive("mirror.idle-timeout");
        java.time.Duration whole = positive("mirror.file-timeout");
        return new WharfConfig.MirrorLimits((int) page, file, pageTimeout, idle, whole);
    }

    private java.time.Duration positive(String key) {
        java.time.Duration value = parseDuration(key, values.get(key));
        if (value.isZero() || value.isNegative()) {
            throw new ConfigException(key + " must be positive");
        }
        return value;
    }

    private dev.wharf.http.TrustedProxies trustedProxies() {
        try {
            return dev.wharf.http.TrustedProxies.parse(values.get("server.trusted-proxies"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("server.trusted-proxies: " + e.getMessage());
        }
    }

    private WharfConfig.MailSettings mail() {
        Optional<String> host = Optional.ofNullable(values.get("mail.smtp-host"))
                .map(String::strip)
                .filter(h -> !h.isEmpty());
        if (host.isPresent() && !host.get().matches("[A-Za-z0-9.:\\-\\[\\]]{1,255}")) {
            throw new ConfigException("mail.smtp-host: '" + host.get() + "' is not a host name or address");
        }
        int port;
        try {
            port = Integer.parseInt(values.get("mail.smtp-port").strip());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(
                    "mail.smtp-port: '" + values.get("mail.smtp-port") + "' is not a port number (1-65535)");
        }
        Optional<String> from =
                Optional.ofNullable(values.get("mail.from")).map(String::strip).filter(f -> !f.isEmpty());
        if (from.isPresent() && !from.get().matches("[\\x21-\\x7e&&[^<>@,;\"]]{1,64}@[A-Za-z0-9.\\-]{1,255}")) {
            throw new ConfigException("mail.from: '" + from.get() + "' is not an email address like wharf@example.org");
        }
        WharfConfig.MailSecurity security = WharfConfig.MailSecurity.parse(values.get("mail.smtp-security"))
                .orElseThrow(() -> new ConfigException("mail.smtp-security: '" + values.get("mail.smtp-security")
                        + "' is not one of none, starttls, tls"));
        Optional<String> username = Optional.ofNullable(values.get("mail.smtp-username"))
                .map(String::strip)
                .filter(u -> !u.isEmpty());
        Optional<String> password =
                Optional.ofNullable(values.get("mail.smtp-password")).filter(pw -> !pw.isEmpty());
        if (username.isPresent() != password.isPresent()) {
            throw new ConfigException("mail.smtp-username and mail.smtp-password: set both (for SMTP AUTH) or neither");
        }
        if (username.isPresent()
                && security == WharfConfig.MailSecurity.NONE
                && host.isPresent()
                && !isLoopback(host.get())) {
            // The password would cross the network in the clear.
            throw new ConfigException("mail.smtp-username: SMTP AUTH to " + host.get() + " needs mail.smtp-security = "
                    + "starttls or tls, so that the password is not sent in the clear");
        }
        return new WharfConfig.MailSettings(host, port, from, security, username, password);
    }

    /** localhost, ::1 or an IPv4 literal in 127.0.0.0/8; a name such as 127.mail.example.org is not. */
    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.matches("127(\\.\\d{1,3}){3}");
    }

    private WharfConfig.OidcSettings oidc() {
        Optional<String> audience = Optional.ofNullable(values.get("oidc.audience"))
                .map(String::strip)
                .filter(a -> !a.isEmpty());
        if (audience.isPresent()
                && (audience.get().equals("pypi") || audience.get().equals("testpypi"))) {
            throw new ConfigException(
                    "oidc.audience: '" + audience.get() + "' is pypi.org's audience; tokens meant for "
                            + "pypi.org must never be spendable here. Leave it unset to derive one from the public URL.");
        }
        if (audience.isPresent()
                && (audience.get().length() > 255 || !audience.get().chars().allMatch(c -> c > ' ' && c < 0x7f))) {
            throw new ConfigException("oidc.audience: at most 255 printable ASCII characters without spaces");
        }
        java.time.Duration lifetime = parseDuration("oidc.token-lifetime", values.get("oidc.token-lifetime"));
        if (lifetime.compareTo(java.time.Duration.ofMinutes(15)) < 0
                || lifetime.compareTo(java.time.Duration.ofHours(6)) > 0) {
            throw new ConfigException("oidc.token-lifetime: PEP 807 requires 15 minutes to 6 hours, got " + lifetime);
        }
        String issuers = values.getOrDefault("oidc.issuers", "");
        java.util.List<String> entries = java.util.Arrays.stream(issuers.split(","))
                .map(String::strip)
                .filter(e -> !e.isEmpty())
                .toList();
        for (String entry : entries) {
            if (!entry.matches("(github|gitlab|google|activestate)=\\S+")) {
                throw new ConfigException(
                        "oidc.issuers: '" + entry + "' is not kind=url (kind: github, gitlab, google, activestate)");
            }
        }
        return new WharfConfig.OidcSettings(
                parseBoolean("oidc.enabled"),
                audience,
                lifetime,
                parseBoolean("oidc.allow-insecure-local-issuers"),
                entries);
    }

    private static java.time.Duration parseDuration(String key, String text) {
        java.util.regex.Matcher matcher =
                java.util.regex.Pattern.compile("(\\d{1,6})([smh])").matcher(text.strip());
        if (!matcher.matches()) {
            throw new ConfigException(key + ": '" + text + "' is not a duration like 15m, 900s or 1h");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> java.time.Duration.ofSeconds(amount);
            case "m" -> java.time.Duration.ofMinutes(amount);
            default -> java.time.Duration.ofHours(amount);
        };
    }

    private Optional<WharfConfig.TlsFiles> tls() {
        String cert = values.get("server.tls-cert");
        String key = values.get("server.tls-key");
        if ((cert == null) != (key == null)) {
            throw new ConfigException("server.tls-cert and server.tls-key must be given together");
        }
        if (cert == null) {
            return Optional.empty();
        }
        Path certPath = Path.of(cert);
        Path keyPath = Path.of(key);
        for (Path file : new Path[] {certPath, keyPath}) {
            if (!Files.isReadable(file)) {
                throw new ConfigException("TLS file " + file + " does not exist or is not readable");
            }
        }
        return Optional.of(new WharfConfig.TlsFiles(certPath, keyPath));
    }

    /** S3 is used when an endpoint is set; then bucket and keys are required (S3Settings names what is missing). */
    private Optional<dev.wharf.storage.blob.S3Settings> s3() {
        String endpoint = values.get("storage.s3-endpoint");
        if (endpoint == null || endpoint.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new dev.wharf.storage.blob.S3Settings(
                    URI.create(endpoint.trim()),
                    values.getOrDefault("storage.s3-region", "us-east-1"),
                    values.get("storage.s3-bucket"),
                    values.get("storage.s3-access-key"),
                    values.get("storage.s3-secret-key"),
                    values.getOrDefault("storage.s3-prefix", "")));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException("storage.s3-*: "
                    + (e.getMessage() == null ? "bucket, access key and secret key are required" : e.getMessage()));
        }
    }

    private boolean parseBoolean(String key) {
        String value = values.get(key).trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException(key + ": '" + value + "' is not true or false");
        };
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException("server.port: '" + text + "' is not a port number (0-65535)");
        }
    }

    private static URI parsePublicUrl(String text) {
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException("server.public-url: '" + text + "' must be an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("server.public-url: '" + text + "' is not a URL: " + e.getReason());
        }
    }
}
