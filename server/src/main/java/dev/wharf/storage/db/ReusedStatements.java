package dev.wharf.storage.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

/**
 * Keeps the SQLite writer connection's prepared statements for reuse.
 *
 * <p>Why: sqlite-jdbc compiles every statement anew ({@code sqlite3_prepare_v2}) and has no cache of
 * its own, while the writer runs the same few INSERTs over and over (a token exchange: three). The
 * compile was a tenth of the writer thread's time in the mint benchmark.
 *
 * <p>How: statements are prepared on the physical connection, unwrapped from the pool's proxy
 * (HikariCP closes the statements made through a proxy when the proxy goes back to the pool), and
 * handed back here by JDBI when it is done with them, parameters cleared. Only plain statements are
 * kept (no generated keys, default result set type), at most {@value #MAX_KEPT}, least recently used
 * first out. Settings made on a statement (maximum rows, fetch size, timeouts) would stay with it:
 * writes set none, and reads do not come through here. A statement is lent to one user at a time: a second use of the same SQL while the first
 * is open gets a statement of its own. When the pool replaces the physical connection, the old
 * connection's statements are closed. Only for the SQLite writer, whose single connection makes all
 * of this one connection's business.
 */
final class ReusedStatements implements StatementBuilderFactory {
    static final int MAX_KEPT = 64;

    private final Object lock = new Object();
    /**
     * Statements in use, with the SQL they were prepared from: JDBI prepares the parsed SQL
     * ({@code ?} placeholders) but names the statement by its source SQL when it hands it back.
     */
    private final Map<Statement, String> lent = new IdentityHashMap<>();

    private final LinkedHashMap<String, PreparedStatement> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > MAX_KEPT) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private SQLiteConnection physical;

    @Override
    public StatementBuilder createStatementBuilder(Connection connection) {
        return new Builder();
    }

    /** How many statements are kept (a gauge for tests). */
    int kept() {
        synchronized (lock) {
            return kept.size();
        }
    }

    private final class Builder extends DefaultStatementBuilder {
        @Override
        public PreparedStatement create(Connection connection, String sql, StatementContext context)
                throws SQLException {
            if (context.isReturningGeneratedKeys()
                    || context.isConcurrentUpdatable()
                    || !connection.isWrapperFor(SQLiteConnection.class)) {
                return super.create(connection, sql, context);
            }
            SQLiteConnection real = connection.unwrap(SQLiteConnection.class);
            synchronized (lock) {
                if (real != physical) {
                    closeKept();
                    physical = real;
                }
                PreparedStatement statement = kept.remove(sql);
                if (statement == null || statement.isClosed()) {
                    statement = real.prepareStatement(sql);
                }
                lent.put(statement, sql);
                return statement;
            }
        }

        @Override
        public void close(Connection connection, String sourceSql, Statement statement) throws SQLException {
            synchronized (lock) {
                String sql = lent.remove(statement);
                if (sql == null) {
                    super.close(connection, sourceSql, statement);
                    return;
                }
                PreparedStatement prepared = (PreparedStatement) statement;
                try {
                    boolean reusable = !prepared.isClosed()
                            && connection.unwrap(SQLiteConnection.class) == physical
                            && !kept.containsKey(sql);
                    if (!reusable) {
                        closeQuietly(prepared);
                        return;
                    }
                    prepared.clearParameters();
                } catch (SQLException | RuntimeException e) {
                    closeQuietly(prepared);
                    return;
                }
                kept.put(sql, prepared);
            }
        }
    }

    private void closeKept() {
        for (Iterator<PreparedStatement> it = kept.values().iterator(); it.hasNext(); ) {
            closeQuietly(it.next());
            it.remove();
        }
    }

    private static void closeQuietly(Statement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // A statement of a connection that is already gone: nothing left to release.
        }
    }
}
