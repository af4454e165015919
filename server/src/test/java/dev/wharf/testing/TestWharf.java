package dev.wharf.testing;

import dev.wharf.accounts.User;
import dev.wharf.accounts.Username;
import dev.wharf.app.Wharf;
import dev.wharf.app.WharfServer;
import dev.wharf.config.ConfigLoader;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.tokens.TokenScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real Wharf for tests: the same composition root and HTTP server as {@code wharf serve}, on a
 * free port, with its own data directory and either a fresh SQLite file or a fresh PostgreSQL
 * database (dropped on close).
 */
public final class TestWharf implements AutoCloseable {
    private final Wharf wharf;
    private final WharfServer server;
    private final URI url;
    private final Path data;
    private final TestDatabases.TestDatabase database;

    private TestWharf(Wharf wharf, WharfServer server, URI url, Path data, TestDatabases.TestDatabase database) {
        this.wharf = wharf;
        this.server = server;
        this.url = url;
        this.data = data;
        this.database = database;
    }

    public static TestWharf start(Dialect dialect, Path scratch) {
        return start(dialect, scratch, loader -> {});
    }

    /** Starts a server; {@code customize} may set further config keys (e.g. upload limits). */
    public static TestWharf start(Dialect dialect, Path scratch, Consumer<ConfigLoader> customize) {
        return start(dialect, scratch, customize, Map.of());
    }

    /** A server whose process environment (as Wharf reads it, e.g. a mirror's password) is {@code environment}. */
    public static TestWharf start(
            Dialect dialect, Path scratch, Consumer<ConfigLoader> customize, Map<String, String> environment) {
        Path data = scratch.resolve("wharf-data-" + System.nanoTime());
        TestDatabases.TestDatabase database = dialect == Dialect.POSTGRESQL ? TestDatabases.postgres() : null;
        ConfigLoader loader = new ConfigLoader()
                .flag("server.host", "127.0.0.1")
                .flag("server.port", 0)
                .flag("storage.data", data);
        if (database != null) {
            loader.flag("storage.database-url", database.location().jdbcUrl());
        }
        customize.accept(loader);
        Wharf wharf = Wharf.open(loader.load(), environment::get);
        WharfServer server = new WharfServer(wharf);
        URI url = server.start();
        return new TestWharf(wharf, server, url, data, database);
    }

    /** The base URL without a trailing slash, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return url;
    }

    public String url(String path) {
        return url + path;
    }

    public Wharf wharf() {
        return wharf;
    }

    /** The files in the staging directory now (none is the state after any finished upload). */
    public java.util.List<Path> stagingFiles() {
        Path staging = wharf.stagingDirectory();
        if (!java.nio.file.Files.isDirectory(staging)) {
            return java.util.List.of();
        }
        try (var files = java.nio.file.Files.list(staging)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dataDirectory() {
        return data;
    }

    /** Creates a user and returns an all-projects API token for it. */
    public String userWithToken(String name) {
        User user = wharf.users().create(new Username(name), name + "@example.org", Optional.empty(), false);
        return wharf.tokens()
                .create(user.id(), "test", TokenScope.allProjects(), Optional.empty())
                .secret();
    }

    /** A token for an existing user, limited to the given projects. */
    public String scopedToken(String user, Set<String> normalizedProjects) {
        long id = wharf.users().find(user).orElseThrow().id();
        return wharf.tokens()
                .create(id, "test", TokenScope.projects(normalizedProjects), Optional.empty())
                .secret();
    }

    /**
     * A token for an existing user that expired a minute ago. It is minted by a token service whose
     * clock runs an hour behind, because the real one refuses to issue an already expired token.
     */
    public String expiredToken(String user) {
        long id = wharf.users().find(user).orElseThrow().id();
        java.time.Clock anHourAgo = java.time.Clock.offset(wharf.clock(), java.time.Duration.ofHours(-1));
        return new dev.wharf.tokens.TokenService(
                        wharf.database(), anHourAgo, new java.security.SecureRandom(), url.getHost())
                .create(
                        id,
                        "expired",
                        TokenScope.allProjects(),
                        Optional.of(anHourAgo.instant().plusSeconds(60 * 59)))
                .secret();
    }

    /** Uploads a form to {@code /legacy/} with HTTP Basic {@code __token__} and the given token. */
    public java.net.http.HttpResponse<String> upload(String token, UploadForm form) {
        try {
            return java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            java.net.http.HttpRequest.newBuilder(URI.create(url("/legacy/")))
                                    .header(
                                            "Authorization",
                                            "Basic "
                                                    + java.util.Base64.getEncoder()
                                                            .encodeToString(("__token__:" + token)
                                                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                                    .header("Content-Type", form.contentTypeHeader())
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(form.body()))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Everything stored: row counts of the catalogue tables and of the Trusted Publishing tables
     * (used {@code jti}s, publishers, their links, pending publishers, added issuers, tokens minted
     * for publishers), and the list of blob files with their sizes. Bad-input tests assert that a
     * refusal leaves this unchanged. User API tokens are not counted: tests create them on the way
     * to a refused request.
     */
    public Map<String, Object> snapshot() {
        Map<String, Object> state = new TreeMap<>();
        for (String table : List.of(
                "users",
                "projects",
                "roles",
                "releases",
                "files",
                "deleted_filenames",
                "journal",
                "events",
                "oidc_jti",
                "trusted_publishers",
                "publisher_projects",
                "pending_publishers",
                "oidc_issuers")) {
            long rows = wharf.database()
                    .read(h -> h.createQuery("SELECT count(*) FROM " + table)
                            .mapTo(Long.class)
                            .one());
            state.put("rows:" + table, rows);
        }
        state.put(
                "rows:api_tokens:publisher",
                wharf.database()
                        .read(h -> h.createQuery("SELECT count(*) FROM api_tokens WHERE publisher_id IS NOT NULL")
                                .mapTo(Long.class)
                                .one()));
        Path files = data.resolve("files");
        try (Stream<Path> walk = Files.walk(files)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                try {
                    state.put("blob:" + files.relativize(p), Files.size(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return state;
    }

    @Override
    public void close() {
        server.close();
        wharf.close();
        if (database != null) {
            database.close();
        }
    }
}
