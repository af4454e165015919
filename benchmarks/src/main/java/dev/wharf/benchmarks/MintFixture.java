package dev.wharf.benchmarks;

import dev.wharf.accounts.User;
import dev.wharf.accounts.Username;
import dev.wharf.app.Wharf;
import dev.wharf.config.ConfigLoader;
import dev.wharf.distributions.ProjectName;
import dev.wharf.projects.Project;
import dev.wharf.projects.Role;
import dev.wharf.publishing.MintService;
import dev.wharf.publishing.MintedExchange;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.publishing.oidc.MintRefusedException;
import dev.wharf.publishing.providers.GitHubIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real Wharf data directory set up for Trusted Publishing, as an administrator would: a user who
 * owns project {@code bench-project}, the development issuer of a {@link TokenPool} registered with
 * its JWKS pinned (so no key is ever fetched over the network), a GitHub publisher for the issuer's
 * repository and workflow, and the pool's distinct signed ID tokens for the index's audience.
 *
 * <p>Every token in the pool has its own {@code jti}, and {@link #nextExchangeBody()} hands each out
 * once: replay protection ({@code oidc_jti}) does its full insert on every measured exchange. The
 * database is new for every trial, so trials may share one pool.
 */
final class MintFixture implements AutoCloseable {
    static final URI PUBLIC_URL = URI.create("http://127.0.0.1:8080/");
    static final String PROJECT = "bench-project";
    /** Long enough for any run: the verifier refuses expired tokens, which would end the benchmark. */
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(6);

    private static final String POSTGRES_ADMIN_URL =
            System.getenv().getOrDefault("WHARF_BENCH_POSTGRES_ADMIN_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String POSTGRES_USER = System.getenv().getOrDefault("WHARF_BENCH_POSTGRES_USER", "postgres");

    private final Path dataDirectory;
    private final Optional<String> postgresDatabase;
    private final TokenPool tokens;
    private final Wharf wharf;
    private final MintService mintService;
    private final byte[][] bodies;
    private final AtomicInteger next = new AtomicInteger();

    private MintFixture(Path dataDirectory, Optional<String> postgresDatabase, int poolSize) {
        this.dataDirectory = dataDirectory;
        this.postgresDatabase = postgresDatabase;
        ConfigLoader loader = new ConfigLoader()
                .flag("storage.data", dataDirectory.toString())
                .flag("oidc.allow-insecure-local-issuers", true);
        postgresDatabase.ifPresent(name -> loader.flag(
                "storage.database-url", "postgresql://" + POSTGRES_USER + "@" + postgresHostPort() + "/" + name));
        this.wharf = Wharf.open(loader.load());
        this.tokens = TokenPool.loadOrSign(poolSize, wharf.config().audience(PUBLIC_URL), TOKEN_LIFETIME);
        wharf.issuers().add(tokens.issuerUrl(), IssuerKind.GITHUB, Optional.of(tokens.jwks()));
        User owner =
                wharf.users().create(new Username("bench-owner"), "bench-owner@example.org", Optional.empty(), false);
        ProjectName name = ProjectName.of(PROJECT);
        wharf.database().writeVoid(handle -> {
            Project project = wharf.projectRepository()
                    .insertProject(
                            handle,
                            name.display(),
                            name.normalized(),
                            name.ultranormalized(),
                            wharf.clock().instant());
            wharf.projectRepository().addRole(handle, project.id(), owner.id(), Role.OWNER);
        });
        wharf.publisherService()
                .add(
                        PROJECT,
                        GitHubIdentity.validated(
                                TokenPool.OWNER,
                                TokenPool.OWNER_ID,
                                TokenPool.REPOSITORY,
                                TokenPool.WORKFLOW,
                                "",
                                tokens.issuerUrl()),
                        Optional.of(owner.id()));
        this.mintService = wharf.servedAt(PUBLIC_URL).mint();
        this.bodies = tokens.jwts().stream()
                .limit(poolSize)
                .map(MintFixture::exchangeBody)
                .toArray(byte[][]::new);
    }

    /** A Wharf on SQLite in a fresh data directory, with {@code poolSize} unused tokens. */
    static MintFixture sqlite(int poolSize) {
        return new MintFixture(freshDirectory(), Optional.empty(), poolSize);
    }

    /** A Wharf on a freshly created PostgreSQL database (dropped by {@link #close()}). */
    static MintFixture postgres(int poolSize) {
        String name = "wharf_bench_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        postgresAdmin("CREATE DATABASE " + name);
        try {
            return new MintFixture(freshDirectory(), Optional.of(name), poolSize);
        } catch (RuntimeException e) {
            postgresAdmin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            throw e;
        }
    }

    /** The request body of the next unused token; fails the run rather than ever reuse one. */
    byte[] nextExchangeBody() {
        int i = next.getAndIncrement();
        if (i >= bodies.length) {
            throw new IllegalStateException("all " + bodies.length + " pre-signed tokens are used up; "
                    + "run with a larger pool (-p pool=N) or shorter iterations");
        }
        return bodies[i];
    }

    /** A token of the pool for benchmarks that may reuse tokens (raw signature checks). */
    String jwt(int i) {
        return tokens.jwts().get(Math.floorMod(i, bodies.length));
    }

    /** The SQLite database file of this fixture's data directory (not for PostgreSQL fixtures). */
    Path databaseFile() {
        return dataDirectory.resolve("wharf.db");
    }

    RSAPublicKey publicKey() {
        return tokens.publicKey();
    }

    MintService mintService() {
        return mintService;
    }

    int tokensHandedOut() {
        return Math.min(next.get(), bodies.length);
    }

    /**
     * Proves that the configuration measured is the one claimed: a fresh token is exchanged and the
     * same token is then refused as a replay ({@code invalid-reuse-token}).
     */
    void checkReplayIsRefused() {
        byte[] body = nextExchangeBody();
        MintedExchange minted = mintService.mint(body);
        if (minted.token() == null || !minted.token().startsWith("pypi-")) {
            throw new IllegalStateException("the exchange did not mint an API token");
        }
        try {
            mintService.mint(body);
        } catch (MintRefusedException refused) {
            if (refused.code().equals("invalid-reuse-token")) {
                return;
            }
            throw new IllegalStateException(
                    "a replayed token was refused with " + refused.code() + ", not as a replay");
        }
        throw new IllegalStateException("a replayed token was exchanged twice: replay protection is off");
    }

    /** Rows in {@code oidc_jti}: one per successful exchange, a cross-check after the run. */
    long usedJtiCount() {
        return wharf.database()
                .read(handle -> handle.createQuery("SELECT count(*) FROM oidc_jti")
                        .mapTo(Long.class)
                        .one());
    }

    @Override
    public void close() {
        wharf.close();
        postgresDatabase.ifPresent(name -> postgresAdmin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind; nothing to recover
        }
    }

    private static byte[] exchangeBody(String jwt) {
        // A compact JWS is base64url and dots only: nothing in it needs JSON escaping.
        return ("{\"token\":\"" + jwt + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static Path freshDirectory() {
        try {
            return Files.createTempDirectory("wharf-mint-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code host:port} of the admin URL, so Wharf connects to the same server the database was created on. */
    private static String postgresHostPort() {
        URI uri = URI.create(POSTGRES_ADMIN_URL.substring("jdbc:".length()));
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    private static void postgresAdmin(String sql) {
        try (Connection connection = DriverManager.getConnection(POSTGRES_ADMIN_URL, POSTGRES_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + POSTGRES_ADMIN_URL + " is needed for mintPostgres: " + e.getMessage(), e);
        }
    }
}
