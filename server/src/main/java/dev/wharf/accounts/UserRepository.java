package dev.wharf.accounts;

import dev.wharf.storage.db.Micros;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for users. */
public final class UserRepository {

    public Optional<User> findByName(Handle handle, String username) {
        return handle.createQuery("SELECT * FROM users WHERE lower(username) = lower(:n)")
                .bind("n", username)
                .map((rs, ctx) -> user(rs))
                .findOne();
    }

    public Optional<User> findById(Handle handle, long id) {
        return handle.createQuery("SELECT * FROM users WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> user(rs))
                .findOne();
    }

    public User insert(
            Handle handle, String username, String email, Optional<String> passwordHash, boolean admin, Instant now) {
        long id = handle.createQuery("""
                        INSERT INTO users (username, email, password_hash, is_admin, created_at)
                        VALUES (:n, :e, :h, :a, :now) RETURNING id""")
                .bind("n", username)
                .bind("e", email)
                .bind("h", passwordHash.orElse(null))
                .bind("a", admin)
                .bind("now", Micros.of(now))
                .mapTo(Long.class)
                .one();
        return new User(id, username, email, admin, now);
    }

    /** The user and their stored password hash (absent for accounts that cannot log in). */
    record WithHash(User user, Optional<String> passwordHash) {
        @Override
        public String toString() {
            return "WithHash[user=" + user + ", passwordHash=<redacted>]";
        }
    }

    public Optional<WithHash> findWithHashByName(Handle handle, String username) {
        return handle.createQuery("SELECT * FROM users WHERE lower(username) = lower(:n)")
                .bind("n", username)
                .map((rs, ctx) -> withHash(rs))
                .findOne();
    }

    public Optional<WithHash> findWithHashById(Handle handle, long id) {
        return handle.createQuery("SELECT * FROM users WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> withHash(rs))
                .findOne();
    }

    /** Users by name, case-insensitively, at most {@code limit}. */
    public List<User> list(Handle handle, int limit) {
        return handle.createQuery("SELECT * FROM users ORDER BY lower(username) LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> user(rs))
                .list();
    }

    public void setPasswordHash(Handle handle, long id, String hash) {
        handle.createUpdate("UPDATE users SET password_hash = :h WHERE id = :id")
                .bind("h", hash)
                .bind("id", id)
                .execute();
    }

    /** Replaces the hash only if it is still {@code expected}, so a rehash never undoes a password change. */
    public boolean replacePasswordHash(Handle handle, long id, String expected, String replacement) {
        return handle.createUpdate("UPDATE users SET password_hash = :r WHERE id = :id AND password_hash = :e")
                        .bind("r", replacement)
                        .bind("id", id)
                        .bind("e", expected)
                        .execute()
                == 1;
    }

    private static WithHash withHash(ResultSet rs) throws SQLException {
        return new WithHash(user(rs), Optional.ofNullable(rs.getString("password_hash")));
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("email"),
                rs.getBoolean("is_admin"),
                Micros.toInstant(rs.getLong("created_at")));
    }
}
