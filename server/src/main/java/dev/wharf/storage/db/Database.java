package dev.wharf.storage.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.sqlite.SQLiteConfig;

/**
 * The catalogue database: a connection pool, the schema migrations and JDBI, for SQLite or
 * PostgreSQL.
 *
 * <p>Writes go through {@link #write}, reads through {@link #read}. On SQLite there is exactly one
 * writer at a time: writes in this process are serialized by a lock and start with
 * {@code BEGIN IMMEDIATE}, so two processes on one file (the server and an admin command) wait for
 * each other ({@code busy_timeout}) instead of failing on a lock upgrade. The journal is WAL so that
 * readers never block the writer. {@link #writeGrouped} lets concurrent short writes share a commit.
 */
public final class Database implements AutoCloseable {
    private static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;
    /** The SQLite writer's page cache, in KiB (SQLite's default is 2,000). */
    private static final int SQLITE_WRITER_CACHE_KIB = 32 * 1024;

    private final Dialect dialect;
    private final HikariDataSource dataSource;
    /** SQLite only: the one connection every write uses; the same pool as reads on PostgreSQL. */
    private final HikariDataSource writerDataSource;

    private final Jdbi jdbi;
    private final Jdbi writerJdbi;
    private final ReentrantLock sqliteWriteLock = new ReentrantLock();
    private final GroupCommit groupCommit = new GroupCommit(this);

    private Database(Dialect dialect, HikariDataSource dataSource, HikariDataSource writerDataSource) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.writerDataSource = writerDataSource;
        this.jdbi = configured(Jdbi.create(dataSource));
        if (writerDataSource == dataSource) {
            this.writerJdbi = jdbi;
        } else {
            // The SQLite writer's one connection runs the same few statements again and again.
            this.writerJdbi =
                    configured(Jdbi.create(writerDataSource)).setStatementBuilderFactory(new ReusedStatements());
        }
    }

    private static Jdbi configured(Jdbi jdbi) {
        // JDBI's default error messages include the bound values, which can be secrets (token keys,
        // TOTP secrets, session CSRF secrets); errors are logged, so keep values out of messages.
        jdbi.getConfig(org.jdbi.v3.core.statement.StatementExceptions.class)
                .setMessageRendering(org.jdbi.v3.core.statement.StatementExceptions.MessageRendering.NONE);
        return jdbi;
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(DatabaseLocation location, int maxConnections) {
        StatementRecordingOff.apply();
        HikariDataSource dataSource = pool(location, "", maxConnections, 1, false);
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:" + location.dialect().migrations())
                    .load();
            try {
                flyway.migrate();
            } catch (FlywayValidateException mismatch) {
                // Only a failed validation pays for a second one: a start with nothing to repair
                // validates once, inside migrate.
                if (!MigrationCommentEdits.reconcile(flyway, Jdbi.create(dataSource), location.dialect())) {
                    throw mismatch;
                }
                flyway.migrate();
            }
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        if (location.dialect() != Dialect.SQLITE) {
            return new Database(location.dialect(), dataSource, dataSource);
        }
        // SQLite has one writer at a time anyway; giving it one connection of its own keeps that
        // connection's page cache warm. With writes spread over the pool, every write found the
        // database changed by another connection, dropped its cache and read its pages again.
        try {
            return new Database(location.dialect(), dataSource, pool(location, "-writer", 1, 1, true));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private static HikariDataSource pool(
            DatabaseLocation location, String suffix, int size, int minimumIdle, boolean writer) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(location.jdbcUrl());
        location.user().ifPresent(config::setUsername);
        location.password().ifPresent(config::setPassword);
        config.setPoolName("wharf-" + location.dialect().name().toLowerCase(java.util.Locale.ROOT) + suffix);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(minimumIdle);
        if (location.dialect() == Dialect.SQLITE) {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
            sqlite.enforceForeignKeys(true);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            // sqlite-jdbc otherwise runs a regex over every statement it executes and, for each
            // INSERT, compiles and runs "SELECT last_insert_rowid()" in case the caller asks for
            // generated keys: a tenth of the mint writer's time. Wharf reads new ids with RETURNING.
            sqlite.setGetGeneratedKeys(false);
            sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            if (writer) {
                sqlite.setCacheSize(-SQLITE_WRITER_CACHE_KIB);
            }
            config.setDataSourceProperties(sqlite.toProperties());
        }
        return new HikariDataSource(config);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs {@code work} in one read-committed transaction; on SQLite, as the only writer. */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        if (dialect == Dialect.SQLITE) {
            sqliteWriteLock.lock();
            try {
                return writerJdbi.inTransaction(work);
            } finally {
                sqliteWriteLock.unlock();
            }
        }
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work);
    }

    /**
     * Like {@link #write}, for a short, frequent write that may share its transaction and commit
     * with other callers' at the same moment ({@link GroupCommit}, on SQLite): committed before this returns,
     * undone alone if {@code work} throws. {@code work} must use only its handle, may run a second
     * time (after a batch it shared was rolled back) and must register no after-commit callbacks.
     */
    public <T> T writeGrouped(HandleCallback<T, RuntimeException> work) {
        // PostgreSQL runs concurrent transactions side by side and already shares one WAL flush among
        // the commits that arrive together; funnelling them through one thread made it slower
        // (measured: 1,004 vs 2,993 exchanges/s with 2 clients). SQLite has one writer anyway.
        if (dialect != Dialect.SQLITE) {
            return write(work);
        }
        return groupCommit.write(work);
    }

    /** Whether this thread is inside a SQLite {@link #write} (always false on PostgreSQL). */
    boolean holdsWriteLock() {
        return sqliteWriteLock.isHeldByCurrentThread();
    }

    /** Runs {@code work} on a pooled connection without an explicit transaction. */
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    /** Convenience for a write that returns nothing. */
    public void writeVoid(java.util.function.Consumer<Handle> work) {
        write(handle -> {
            work.accept(handle);
            return null;
        });
    }

    @Override
    public void close() {
        groupCommit.close();
        if (writerDataSource != dataSource) {
            writerDataSource.close();
        }
        dataSource.close();
    }
}
