package dev.wharf.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The floor under a SQLite exchange: the three rows an exchange records ({@code oidc_jti},
 * {@code api_tokens}, the {@code oidc:mint} event, with the sizes Wharf writes) inserted through bare
 * sqlite-jdbc, prepared statements reused, into a real Wharf database (Wharf's migrations, indexes
 * and pragmas), committing after every {@code perCommit} exchanges. Nothing else: no JWT, no token
 * signing, no JDBI, no pool. What this costs per exchange is what any implementation that records
 * the exchange durably in this SQLite schema on this disk pays, so it bounds what the mint ratio can
 * reach here.
 */
final class SqliteRowsFloor implements AutoCloseable {
    private static final String CLAIMS = "{\"publisher_kind\":\"github\",\"publisher\":\"bench-org/bench-repo\","
            + "\"repository\":\"bench-org/bench-repo\",\"repository_owner\":\"bench-org\",\"job_workflow_ref\":"
            + "\"bench-org/bench-repo/.github/workflows/release.yml@refs/tags/v1.0.0\",\"ref\":\"refs/tags/v1.0.0\","
            + "\"sha\":\"0123456789abcdef0123456789abcdef01234567\",\"event_name\":\"push\",\"actor\":\"octocat\","
            + "\"publisher_url\":\"https://github.com/bench-org/bench-repo/commit/0123456789abcdef0123456789abcdef01234567\"}";
    private static final String CAVEATS = "[[4,\"1\",null],[1,[\"bench-project\"]],[0,1900000000,1899999100]]";
    private static final String DETAIL = "{\"expires\":1900000000,\"publisher_name\":\"GitHub\",\"publisher\":"
            + "\"bench-org/bench-repo\",\"publisher_id\":1,\"publisher_url\":\"https://github.com/bench-org/bench-repo\","
            + "\"jti\":\"00000000-0000-0000-0000-000000000000\",\"reified_from_pending_publisher\":false}";
    private static final String KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private final MintFixture fixture;
    private final Connection connection;
    private final PreparedStatement jti;
    private final PreparedStatement token;
    private final PreparedStatement event;
    private final long projectId;
    private final long publisherId;
    private final int perCommit;
    private final ReentrantLock writer = new ReentrantLock();
    private final AtomicLong sequence = new AtomicLong();
    private int uncommitted;

    SqliteRowsFloor(int perCommit) {
        this.perCommit = perCommit;
        this.fixture = MintFixture.sqlite(1_000);
        try {
            // As Wharf's writer: no generated-keys query after each INSERT (Database's pool settings).
            SQLiteConfig config = new SQLiteConfig();
            config.setGetGeneratedKeys(false);
            connection = config.createConnection("jdbc:sqlite:" + fixture.databaseFile());
            try (Statement pragmas = connection.createStatement()) {
                pragmas.execute("PRAGMA journal_mode=WAL");
                pragmas.execute("PRAGMA synchronous=NORMAL");
                pragmas.execute("PRAGMA foreign_keys=ON");
                pragmas.execute("PRAGMA cache_size=-32768");
                pragmas.execute("PRAGMA busy_timeout=30000");
            }
            projectId = single("SELECT id FROM projects WHERE normalized_name = 'bench-project'");
            publisherId = single("SELECT id FROM trusted_publishers");
            connection.setAutoCommit(false);
            jti = connection.prepareStatement(
                    "INSERT INTO oidc_jti (issuer_url, jti, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
            token = connection.prepareStatement(
                    "INSERT INTO api_tokens (id, user_id, publisher_id, claims_json, description, "
                            + "root_key, caveats_json, created_at, expires_at, last_used_at, revoked_at) "
                            + "VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)");
            event = connection.prepareStatement(
                    "INSERT INTO events (project_id, kind, user_id, token_id, detail_json, created_at) "
                            + "VALUES (?, 'oidc:mint', NULL, ?, ?, ?)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One exchange's rows; commits when {@code perCommit} exchanges are pending. */
    void recordExchange() throws SQLException {
        long n = sequence.incrementAndGet();
        long micros = System.currentTimeMillis() * 1000 + (n % 1000);
        // Time-ordered token ids as Wharf mints them (version 7 UUIDs); random jtis as issuers send them.
        String id = new UUID(
                        (System.currentTimeMillis() << 16) | 0x7000 | (n & 0xfff),
                        UUID.randomUUID().getLeastSignificantBits())
                .toString();
        writer.lock();
        try {
            jti.setString(1, "http://127.0.0.1:1/bench-issuer");
            jti.setString(2, UUID.randomUUID().toString());
            jti.setLong(3, micros + 3_600_000_000L);
            if (jti.executeUpdate() != 1) {
                throw new IllegalStateException("a random jti repeated");
            }
            token.setString(1, id);
            token.setLong(2, publisherId);
            token.setString(3, CLAIMS);
            token.setString(4, "OpenID token: bench-org/bench-repo");
            token.setString(5, KEY);
            token.setString(6, CAVEATS);
            token.setLong(7, micros);
            token.setLong(8, micros + 900_000_000L);
            token.executeUpdate();
            event.setLong(1, projectId);
            event.setString(2, id);
            event.setString(3, DETAIL);
            event.setLong(4, micros);
            event.executeUpdate();
            if (++uncommitted >= perCommit) {
                connection.commit();
                uncommitted = 0;
            }
        } finally {
            writer.unlock();
        }
    }

    private long single(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException("the fixture has no row for: " + sql);
            }
            long value = rows.getLong(1);
            if (rows.wasNull()) {
                throw new IllegalStateException("NULL for: " + sql);
            }
            return value;
        }
    }

    @Override
    public void close() {
        try {
            connection.commit();
            connection.close();
        } catch (SQLException e) {
            // the fixture's directory is deleted next either way
        }
        fixture.close();
    }
}
