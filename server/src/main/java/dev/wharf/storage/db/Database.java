package dev.wharf.storage.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
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
 * readers never block the writer.
 */
public final class Database implements AutoCloseable {
    private static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;

    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final ReentrantLock sqliteWriteLock = new ReentrantLock();

    private Database(Dialect dialect, HikariDataSource dataSource) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        // JDBI's default error messages include the bound values, which can be secrets (token keys,
        // TOTP secrets, session CSRF secrets); errors are logged, so keep values out of messages.
        this.jdbi.getConfig(org.jdbi.v3.core.statement.StatementExceptions.class)
                .setMessageRendering(org.jdbi.v3.core.statement.StatementExceptions.MessageRendering.NONE);
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(DatabaseLocation location, int maxConnections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(location.jdbcUrl());
        location.user().ifPresent(config::setUsername);
        location.password().ifPresent(config::setPassword);
        config.setPoolName("wharf-" + location.dialect().name().toLowerCase(java.util.Locale.ROOT));
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        if (location.dialect() == Dialect.SQLITE) {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
            sqlite.enforceForeignKeys(true);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setDataSourceProperties(sqlite.toProperties());
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:" + location.dialect().migrations())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(location.dialect(), dataSource);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs {@code work} in one read-committed transaction; on SQLite, as the only writer. */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        if (dialect == Dialect.SQLITE) {
            sqliteWriteLock.lock();
            try {
                return jdbi.inTransaction(work);
            } finally {
                sqliteWriteLock.unlock();
            }
        }
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work);
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
        dataSource.close();
    }
}
