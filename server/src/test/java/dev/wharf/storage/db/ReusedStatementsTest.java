package dev.wharf.storage.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.result.ResultIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite writer's statement reuse, on a real SQLite file through JDBI as the writer uses it. */
class ReusedStatementsTest {
    @TempDir
    Path scratch;

    private final ReusedStatements reused = new ReusedStatements();
    private Jdbi jdbi;

    private HikariDataSource pool;

    /** As the writer has it: a pool of one connection, so every handle gets the same physical one. */
    @BeforeEach
    void open() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + scratch.resolve("reuse.db"));
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
        jdbi = Jdbi.create(pool).setStatementBuilderFactory(reused);
        jdbi.useHandle(h -> h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)"));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void oneStatementServesEveryExecutionOfItsSqlWithEachExecutionsOwnValues() {
        for (int i = 0; i < 50; i++) {
            int n = i;
            jdbi.useTransaction(h -> insert(h, "a" + n, n % 2 == 0 ? "b" + n : null));
        }
        List<String> rows = jdbi.withHandle(h -> h.createQuery("SELECT a || '/' || coalesce(b, '-') FROM t ORDER BY id")
                .mapTo(String.class)
                .list());
        assertThat(rows).hasSize(50).startsWith("a0/b0", "a1/-", "a2/b2").endsWith("a49/-");
        // The INSERT and the SELECT; the CREATE TABLE too, it went through the same builder.
        assertThat(reused.kept()).isEqualTo(3);
    }

    @Test
    void theSecondExecutionOfTheSameSqlGetsTheSameStatement() {
        List<java.sql.PreparedStatement> used = new java.util.ArrayList<>();
        org.jdbi.v3.core.statement.StatementCustomizer spy = new org.jdbi.v3.core.statement.StatementCustomizer() {
            @Override
            public void beforeExecution(
                    java.sql.PreparedStatement statement, org.jdbi.v3.core.statement.StatementContext context) {
                used.add(statement);
            }
        };
        for (int i = 0; i < 2; i++) {
            int n = i;
            jdbi.useTransaction(h -> h.createUpdate("INSERT INTO t (a, b) VALUES (:a, :b)")
                    .bind("a", "r" + n)
                    .bind("b", "s")
                    .addCustomizer(spy)
                    .execute());
        }
        assertThat(used).hasSize(2);
        assertThat(used.get(1)).isSameAs(used.get(0));
    }

    @Test
    void aStatementStillInUseIsNotLentTwice() {
        jdbi.useHandle(h -> {
            insert(h, "x", "1");
            insert(h, "y", "2");
            String sql = "SELECT a FROM t ORDER BY id";
            try (ResultIterator<String> outer =
                    h.createQuery(sql).mapTo(String.class).iterator()) {
                assertThat(outer.next()).isEqualTo("x");
                // The same SQL while the first result set is open: a statement of its own.
                assertThat(h.createQuery(sql).mapTo(String.class).list()).containsExactly("x", "y");
                assertThat(outer.next()).isEqualTo("y");
            }
        });
    }

    @Test
    void keepsAtMostItsLimitAndEvictsTheLeastRecentlyUsed() {
        jdbi.useHandle(h -> {
            for (int i = 0; i < ReusedStatements.MAX_KEPT + 10; i++) {
                h.createQuery("SELECT " + i).mapTo(Integer.class).one();
            }
        });
        assertThat(reused.kept()).isEqualTo(ReusedStatements.MAX_KEPT);
    }

    @Test
    void statementsReturningGeneratedKeysAreNotKept() {
        int before = jdbi.withHandle(h -> {
            h.createQuery("SELECT 1").mapTo(Integer.class).one();
            return reused.kept();
        });
        long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO t (a, b) VALUES ('k', 'v')")
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
        assertThat(id).isEqualTo(1L);
        assertThat(reused.kept()).isEqualTo(before);
    }

    private static void insert(Handle h, String a, String b) {
        h.createUpdate("INSERT INTO t (a, b) VALUES (:a, :b)")
                .bind("a", a)
                .bind("b", b)
                .execute();
    }
}
