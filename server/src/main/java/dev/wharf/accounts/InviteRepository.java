package dev.wharf.accounts;

import dev.wharf.storage.db.Micros;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** SQL for {@code invites}, keyed by the SHA-256 of the code (see {@link InviteService}). */
final class InviteRepository {

    void insert(Handle handle, String codeHash, long createdBy, Instant now, Instant expires) {
        handle.createUpdate("""
                        INSERT INTO invites (code_hash, created_by, created_at, expires_at)
                        VALUES (:h, :by, :now, :exp)""")
                .bind("h", codeHash)
                .bind("by", createdBy)
                .bind("now", Micros.of(now))
                .bind("exp", Micros.of(expires))
                .execute();
    }

    /** One conditional update: of two registrations racing with one code, exactly one gets true. */
    boolean markUsed(Handle handle, String codeHash, long userId, Instant now) {
        return handle.createUpdate("""
                        UPDATE invites SET used_at = :now, used_by = :uid
                        WHERE code_hash = :h AND used_at IS NULL AND expires_at > :now""")
                        .bind("now", Micros.of(now))
                        .bind("uid", userId)
                        .bind("h", codeHash)
                        .execute()
                == 1;
    }

    /** Deletes invitations that expired unused by {@code now} or were used before {@code usedBefore}. */
    int purge(Handle handle, Instant now, Instant usedBefore) {
        return handle.createUpdate(
                        "DELETE FROM invites WHERE (used_at IS NULL AND expires_at <= :now) OR used_at < :before")
                .bind("now", Micros.of(now))
                .bind("before", Micros.of(usedBefore))
                .execute();
    }
}
