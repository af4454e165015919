package dev.wharf.accounts;

import dev.wharf.storage.db.Micros;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** SQL for {@code login_failures}: the per-account failed logins that {@link LoginThrottle} counts. */
final class LoginFailureRepository {

    /** The account's failures after {@code since}, oldest first. */
    List<Instant> failuresSince(Handle handle, String account, Instant since) {
        return handle.createQuery("""
                        SELECT failed_at FROM login_failures WHERE account = :a AND failed_at > :since
                        ORDER BY failed_at""")
                .bind("a", account)
                .bind("since", Micros.of(since))
                .mapTo(Long.class)
                .map(Micros::toInstant)
                .list();
    }

    /** Records {@code weight} failures at {@code now}, first dropping the account's rows at or before {@code windowStart}. */
    void record(Handle handle, String account, Instant now, int weight, Instant windowStart) {
        // Keep the account's rows bounded: older ones no longer count.
        handle.createUpdate("DELETE FROM login_failures WHERE account = :a AND failed_at <= :since")
                .bind("a", account)
                .bind("since", Micros.of(windowStart))
                .execute();
        for (int i = 0; i < weight; i++) {
            handle.createUpdate("INSERT INTO login_failures (account, failed_at) VALUES (:a, :now)")
                    .bind("a", account)
                    .bind("now", Micros.of(now))
                    .execute();
        }
    }

    void clear(Handle handle, String account) {
        handle.createUpdate("DELETE FROM login_failures WHERE account = :a")
                .bind("a", account)
                .execute();
    }

    int purgeBefore(Handle handle, Instant windowStart) {
        return handle.createUpdate("DELETE FROM login_failures WHERE failed_at <= :since")
                .bind("since", Micros.of(windowStart))
                .execute();
    }
}
