package dev.wharf.accounts;

import dev.wharf.storage.db.Micros;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for {@code totp_authenticators} and {@code recovery_codes} (see {@link TwoFactorService}). */
final class SecondFactorRepository {

    /** A user's TOTP authenticator; {@code lastUsedStep} is {@link Long#MIN_VALUE} before its first use. */
    record Authenticator(byte[] secret, boolean confirmed, long lastUsedStep) {
        @Override
        public String toString() {
            return "Authenticator[secret=<redacted>, confirmed=" + confirmed + ", lastUsedStep=" + lastUsedStep + "]";
        }
    }

    Optional<Authenticator> authenticator(Handle handle, long userId) {
        return handle.createQuery(
                        "SELECT secret, confirmed, last_used_step FROM totp_authenticators WHERE user_id = :u")
                .bind("u", userId)
                .map((rs, ctx) -> {
                    long last = rs.getLong("last_used_step");
                    long lastUsed = rs.wasNull() ? Long.MIN_VALUE : last;
                    return new Authenticator(
                            Base32.decode(rs.getString("secret")).orElseThrow(), rs.getBoolean("confirmed"), lastUsed);
                })
                .findOne();
    }

    /** Replaces any authenticator of the user by an unconfirmed one with {@code base32Secret}. */
    void replaceUnconfirmed(Handle handle, long userId, String base32Secret, Instant now) {
        handle.createUpdate("DELETE FROM totp_authenticators WHERE user_id = :u")
                .bind("u", userId)
                .execute();
        handle.createUpdate("""
                        INSERT INTO totp_authenticators (user_id, secret, confirmed, last_used_step, created_at)
                        VALUES (:u, :s, :c, NULL, :now)""")
                .bind("u", userId)
                .bind("s", base32Secret)
                .bind("c", false)
                .bind("now", Micros.of(now))
                .execute();
    }

    /** Confirms the authenticator at its first accepted step and replaces the recovery codes by these hashes. */
    void confirm(Handle handle, long userId, long step, Collection<String> recoveryCodeHashes) {
        handle.createUpdate("UPDATE totp_authenticators SET confirmed = :c, last_used_step = :s WHERE user_id = :u")
                .bind("c", true)
                .bind("s", step)
                .bind("u", userId)
                .execute();
        handle.createUpdate("DELETE FROM recovery_codes WHERE user_id = :u")
                .bind("u", userId)
                .execute();
        for (String hash : recoveryCodeHashes) {
            handle.createUpdate("INSERT INTO recovery_codes (user_id, code_hash) VALUES (:u, :h)")
                    .bind("u", userId)
                    .bind("h", hash)
                    .execute();
        }
    }

    /**
     * Records {@code step} as used if it is later than the last used one: one conditional update, so
     * two nodes racing with the same code cannot both succeed (RFC 6238 §5.2).
     */
    boolean spendStep(Handle handle, long userId, long step) {
        return handle.createUpdate("""
                        UPDATE totp_authenticators SET last_used_step = :s
                        WHERE user_id = :u AND (last_used_step IS NULL OR last_used_step < :s)""").bind("s", step).bind("u", userId).execute() == 1;
    }

    /** Marks an unused recovery code used; false when there is none with that hash. */
    boolean spendRecoveryCode(Handle handle, long userId, String codeHash, Instant now) {
        return handle.createUpdate("""
                        UPDATE recovery_codes SET used_at = :now
                        WHERE user_id = :u AND code_hash = :h AND used_at IS NULL""")
                        .bind("now", Micros.of(now))
                        .bind("u", userId)
                        .bind("h", codeHash)
                        .execute()
                == 1;
    }

    int unusedRecoveryCodes(Handle handle, long userId) {
        return handle.createQuery("SELECT count(*) FROM recovery_codes WHERE user_id = :u AND used_at IS NULL")
                .bind("u", userId)
                .mapTo(Integer.class)
                .one();
    }

    void removeAll(Handle handle, long userId) {
        handle.createUpdate("DELETE FROM totp_authenticators WHERE user_id = :u")
                .bind("u", userId)
                .execute();
        handle.createUpdate("DELETE FROM recovery_codes WHERE user_id = :u")
                .bind("u", userId)
                .execute();
    }
}
