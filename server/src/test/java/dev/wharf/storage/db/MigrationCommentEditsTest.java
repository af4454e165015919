package dev.wharf.storage.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database migrated before a migration's comments were edited still opens, and its stored
 * checksums are brought up to date; a mismatch that is not a known comment edit still stops it.
 */
class MigrationCommentEditsTest {
    /** The checksums versions 2 and 4 had before their comment-only edits. */
    private static final Map<Dialect, int[]> BEFORE = Map.of(
            Dialect.SQLITE, new int[] {-1890687465, -1063637058},
            Dialect.POSTGRESQL, new int[] {-1139075396, -636920649});

    @TempDir
    Path scratch;

    private static Map<String, Integer> checksums(Database database) {
        return database.read(h -> h
                .createQuery("SELECT version, checksum FROM flyway_schema_history WHERE version IN ('2', '4')")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .list()
                .stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    private static void store(Database database, String version, int checksum) {
        database.writeVoid(h -> h.createUpdate("UPDATE flyway_schema_history SET checksum = :c WHERE version = :v")
                .bind("c", checksum)
                .bind("v", version)
                .execute());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aDatabaseMigratedBeforeTheCommentEditsOpensAndIsRepaired(Dialect dialect) {
        try (var test = TestDatabases.create(dialect, scratch)) {
            Map<String, Integer> current = checksums(test.database());
            store(test.database(), "2", BEFORE.get(dialect)[0]);
            store(test.database(), "4", BEFORE.get(dialect)[1]);
            try (Database reopened = Database.open(test.location(), 2)) {
                assertThat(checksums(reopened)).isEqualTo(current);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anyOtherChangeToAnAppliedMigrationStillStopsTheStart(Dialect dialect) {
        try (var test = TestDatabases.create(dialect, scratch)) {
            store(test.database(), "4", BEFORE.get(dialect)[1]);
            store(test.database(), "2", 12345);
            assertThatThrownBy(() -> Database.open(test.location(), 2)).isInstanceOf(FlywayValidateException.class);
            assertThat(checksums(test.database())).containsEntry("2", 12345);
        }
    }
}
