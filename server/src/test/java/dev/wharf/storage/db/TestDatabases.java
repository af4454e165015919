package dev.wharf.storage.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL database on the machine's
 * server (127.0.0.1:5432, trust auth; override with WHARF_TEST_POSTGRES_URL) that is dropped when
 * the returned handle closes. No fakes: every repository test runs on both.
 */
public final class TestDatabases {
    private static final String ADMIN_URL =
            System.getenv().getOrDefault("WHARF_TEST_POSTGRES_ADMIN_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String ADMIN_USER = System.getenv().getOrDefault("WHARF_TEST_POSTGRES_USER", "postgres");

    private TestDatabases() {}

    /** A database of the given dialect; close it to drop it. */
    public static TestDatabase create(Dialect dialect, Path scratch) {
        return dialect == Dialect.SQLITE ? sqlite(scratch) : postgres();
    }

    public static TestDatabase sqlite(Path scratch) {
        Path file = scratch.resolve("wharf-" + UUID.randomUUID() + ".db");
        DatabaseLocation location = DatabaseLocation.sqlite(file);
        return new TestDatabase(Database.open(location, 4), location, () -> {});
    }

    public static TestDatabase postgres() {
        String name = "wharf_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + name);
        String base = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1);
        DatabaseLocation location = DatabaseLocation.parse(base + name + "?user=" + ADMIN_USER);
        return new TestDatabase(
                Database.open(location, 4), location, () -> admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    /** The PostgreSQL URL tests hand to a Wharf process for a database this class created. */
    private static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, ADMIN_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + ADMIN_URL + " is needed for tests: " + e.getMessage(), e);
        }
    }

    /** An open test database and how to get rid of it. */
    public record TestDatabase(Database database, DatabaseLocation location, Runnable dropper)
            implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            dropper.run();
        }
    }
}
