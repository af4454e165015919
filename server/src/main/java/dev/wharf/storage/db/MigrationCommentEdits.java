package dev.wharf.storage.db;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.output.ValidateOutput;
import org.jdbi.v3.core.Jdbi;

/**
 * Applied migrations whose comments were edited later, and nothing else.
 *
 * <p>Flyway stores a checksum of every applied migration and refuses to start when a migration's
 * text no longer matches it, which is right: a changed migration means a database that may differ
 * from a new one. A comment-only edit changes the checksum too, though, so a database migrated
 * before the edit would refuse to start after it. This table names each such edit by the checksum
 * the migration had before; when migration stops on a mismatch and every mismatch is one of these,
 * the stored checksums are brought up to date ({@link Flyway#repair()}) and migration goes on. Any other mismatch still
 * stops the start, with Flyway's message.
 *
 * <p>An entry is added only for an edit that changes nothing but {@code --} comment lines; the
 * reviewer checks that with {@code git diff -w}.
 */
final class MigrationCommentEdits {
    /** Per dialect: migration version to the checksums it had before its comment-only edits. */
    private static final Map<Dialect, Map<String, Set<Integer>>> EARLIER_CHECKSUMS = Map.of(
            // Comments cited documents outside the repository; they now say the same in their own words.
            Dialect.SQLITE, Map.of("2", Set.of(-1890687465), "4", Set.of(-1063637058)),
            Dialect.POSTGRESQL, Map.of("2", Set.of(-1139075396), "4", Set.of(-636920649)));

    private MigrationCommentEdits() {}

    /**
     * After {@code migrate} refused to validate: repairs the stored checksums when every checksum
     * mismatch is a known comment-only edit, and says whether it did. When it did not, the caller
     * reports Flyway's own refusal.
     */
    static boolean reconcile(Flyway flyway, Jdbi jdbi, Dialect dialect) {
        List<ValidateOutput> mismatches = flyway.validateWithResult().invalidMigrations.stream()
                .filter(output ->
                        output.errorDetails != null && output.errorDetails.errorCode == CoreErrorCode.CHECKSUM_MISMATCH)
                .toList();
        if (mismatches.isEmpty()) {
            return false;
        }
        Map<String, Integer> applied = jdbi.withHandle(handle -> handle
                .createQuery(
                        "SELECT version, checksum FROM flyway_schema_history WHERE version IS NOT NULL AND checksum IS NOT NULL")
                .map((rs, ctx) -> Map.entry(rs.getString("version"), rs.getInt("checksum")))
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b)));
        Map<String, Set<Integer>> known = EARLIER_CHECKSUMS.getOrDefault(dialect, Map.of());
        if (mismatches.stream()
                .allMatch(
                        output -> known.getOrDefault(output.version, Set.of()).contains(applied.get(output.version)))) {
            flyway.repair();
            return true;
        }
        return false;
    }
}
