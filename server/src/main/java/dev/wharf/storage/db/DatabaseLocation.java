package dev.wharf.storage.db;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the catalogue lives: an embedded SQLite file (the default) or a PostgreSQL server.
 *
 * <p>Accepted spellings: {@code sqlite:/path/to/wharf.db}, {@code postgresql://user:pass@host:5432/db}
 * (also {@code postgres://}) and raw {@code jdbc:postgresql://...} URLs. The password is kept out
 * of {@link #toString()} so that a location can be logged.
 */
public record DatabaseLocation(Dialect dialect, String jdbcUrl, Optional<String> user, Optional<String> password) {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    public static DatabaseLocation sqlite(Path file) {
        return new DatabaseLocation(
                Dialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), Optional.empty(), Optional.empty());
    }

    /** Parses a database URL as given on the command line, in config or in WHARF_DATABASE_URL. */
    public static DatabaseLocation parse(String url) {
        if (url.startsWith("sqlite:")) {
            return sqlite(Path.of(url.substring("sqlite:".length())));
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseLocation(Dialect.POSTGRESQL, url, Optional.empty(), Optional.empty());
        }
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            return fromPostgresUri(url);
        }
        throw new WharfException(
                Refusal.BAD_REQUEST,
                "Unsupported database URL; use sqlite:PATH or postgresql://USER@HOST:PORT/DATABASE");
    }

    private static DatabaseLocation fromPostgresUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new WharfException(Refusal.BAD_REQUEST, "Malformed PostgreSQL URL: " + e.getReason());
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new WharfException(
                    Refusal.BAD_REQUEST,
                    "A PostgreSQL URL needs a host and a database: postgresql://USER@HOST:PORT/DATABASE");
        }
        String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query;
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(decode(parts[0]));
            if (parts.length == 2) {
                password = Optional.of(decode(parts[1]));
            }
        }
        return new DatabaseLocation(Dialect.POSTGRESQL, jdbc, user, password);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    /**
     * The URL and user, for logs. A password given as a JDBC query parameter
     * ({@code jdbc:postgresql://h/db?password=...}, or carried over from a {@code postgresql://} query)
     * is masked too, not only the one from the user-info part.
     */
    @Override
    public String toString() {
        return PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1***")
                + user.map(u -> " (user " + u + ")").orElse("");
    }
}
