package dev.wharf.accounts;

import dev.wharf.storage.db.Micros;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for {@code sessions}. Rows are keyed by the SHA-256 of the session id; the raw id never
 * reaches the database (see {@link SessionService}).
 */
final class SessionRepository {

    /** The session stored under {@code idHash}, carrying {@code rawId} (which the row does not hold). */
    Optional<Session> find(Handle handle, String idHash, String rawId) {
        return handle.createQuery("SELECT * FROM sessions WHERE id_hash = :h")
                .bind("h", idHash)
                .map((rs, ctx) -> new Session(
                        rawId,
                        rs.getLong("user_id"),
                        Micros.toInstant(rs.getLong("created_at")),
                        Micros.toInstant(rs.getLong("last_seen_at")),
                        Micros.toInstant(rs.getLong("expires_at")),
                        rs.getBoolean("second_factor_done"),
                        rs.getString("csrf_secret")))
                .findOne();
    }

    void touch(Handle handle, String idHash, Instant now) {
        handle.createUpdate("UPDATE sessions SET last_seen_at = :now WHERE id_hash = :h")
                .bind("now", Micros.of(now))
                .bind("h", idHash)
                .execute();
    }

    void insert(Handle handle, String idHash, Session session) {
        handle.createUpdate("""
                        INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, csrf_secret, second_factor_done)
                        VALUES (:h, :u, :created, :now, :exp, :csrf, :done)""")
                .bind("h", idHash)
                .bind("u", session.userId())
                .bind("created", Micros.of(session.createdAt()))
                .bind("now", Micros.of(session.lastSeenAt()))
                .bind("exp", Micros.of(session.expiresAt()))
                .bind("csrf", session.csrfSecret())
                .bind("done", session.secondFactorDone())
                .execute();
    }

    int delete(Handle handle, String idHash) {
        return handle.createUpdate("DELETE FROM sessions WHERE id_hash = :h")
                .bind("h", idHash)
                .execute();
    }

    int deleteAllOf(Handle handle, long userId) {
        return handle.createUpdate("DELETE FROM sessions WHERE user_id = :u")
                .bind("u", userId)
                .execute();
    }

    /** Deletes sessions past their absolute expiry or idle since {@code idleBefore}. */
    int purge(Handle handle, Instant now, Instant idleBefore) {
        return handle.createUpdate("DELETE FROM sessions WHERE expires_at <= :now OR last_seen_at <= :idle")
                .bind("now", Micros.of(now))
                .bind("idle", Micros.of(idleBefore))
                .execute();
    }
}
