package dev.wharf.storage.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatabaseTest {
    @TempDir
    Path scratch;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void migratesAndRollsBackAFailedWrite(Dialect dialect) {
        try (var test = TestDatabases.create(dialect, scratch)) {
            Database db = test.database();
            try {
                db.writeVoid(h -> {
                    h.execute("INSERT INTO users (username, email, created_at) VALUES ('alice', 'a@example.org', 1)");
                    throw new IllegalStateException("boom");
                });
            } catch (IllegalStateException expected) {
                // the insert must not survive
            }
            int users = db.read(h -> h.createQuery("SELECT count(*) FROM users")
                    .mapTo(Integer.class)
                    .one());
            assertThat(users).isZero();
            db.writeVoid(h ->
                    h.execute("INSERT INTO users (username, email, created_at) VALUES ('alice', 'a@example.org', 1)"));
            String name = db.read(h -> h.createQuery("SELECT username FROM users")
                    .mapTo(String.class)
                    .one());
            assertThat(name).isEqualTo("alice");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void usernamesAreUniqueIgnoringCase(Dialect dialect) {
        try (var test = TestDatabases.create(dialect, scratch)) {
            Database db = test.database();
            db.writeVoid(h ->
                    h.execute("INSERT INTO users (username, email, created_at) VALUES ('Alice', 'a@example.org', 1)"));
            boolean refused = false;
            try {
                db.writeVoid(h -> h.execute(
                        "INSERT INTO users (username, email, created_at) VALUES ('alice', 'b@example.org', 1)"));
            } catch (RuntimeException e) {
                refused = true;
            }
            assertThat(refused).isTrue();
        }
    }
}
