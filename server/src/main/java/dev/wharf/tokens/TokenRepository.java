package dev.wharf.tokens;

import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Micros;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/**
 * The {@code api_tokens} table, on SQLite and PostgreSQL alike. Its public methods are the ones
 * other domains need inside their own transactions: removing a trusted publisher's tokens.
 */
public final class TokenRepository {
    private static final HexFormat HEX = HexFormat.of();
    private static final String COLUMNS =
            "id, user_id, publisher_id, claims_json, description, root_key, caveats_json, created_at, expires_at, "
                    + "last_used_at, revoked_at";

    private final Database db;

    public TokenRepository(Database db) {
        this.db = db;
    }

    /** Deletes every token minted for the publisher, in the caller's transaction. */
    public void deleteForPublisher(Handle handle, long publisherId) {
        handle.createUpdate("DELETE FROM api_tokens WHERE publisher_id = :p")
                .bind("p", publisherId)
                .execute();
    }

    /** Deletes tokens minted for publishers that expired before {@code cutoff}. */
    public int deleteExpiredPublisherTokens(Handle handle, Instant cutoff) {
        return handle.createUpdate("DELETE FROM api_tokens WHERE publisher_id IS NOT NULL AND expires_at < :cutoff")
                .bind("cutoff", Micros.of(cutoff))
                .execute();
    }

    void insert(StoredToken token) {
        db.writeVoid(handle -> insert(handle, token));
    }

    /** Inserts within the caller's transaction (Trusted Publishing mints in one transaction). */
    void insert(Handle handle, StoredToken token) {
        handle.createUpdate("INSERT INTO api_tokens (" + COLUMNS + ") VALUES "
                        + "(:id, :userId, :publisherId, :claims, :description, :rootKey, :caveats, :createdAt, :expiresAt, "
                        + "NULL, NULL)")
                .bind("id", token.id())
                .bind("userId", boxed(token.userId()))
                .bind("publisherId", boxed(token.publisherId()))
                .bind("claims", token.claimsJson())
                .bind("description", token.description())
                .bind("rootKey", HEX.formatHex(token.rootKey()))
                .bind("caveats", CaveatCodec.encodeAll(token.caveats()))
                .bind("createdAt", token.createdAt())
                .bind("expiresAt", boxed(token.expiresAt()))
                .execute();
    }

    Optional<StoredToken> find(String id) {
        return db.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> row(rs))
                .findOne());
    }

    List<StoredToken> listByUser(long userId) {
        return db.read(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM api_tokens WHERE user_id = :userId ORDER BY created_at, id")
                .bind("userId", userId)
                .map((rs, ctx) -> row(rs))
                .list());
    }

    /**
     * Marks the token revoked (keeping the first revocation time if it already was). With a user,
     * only that user's token. Returns whether such a token exists.
     */
    boolean revoke(String id, OptionalLong userId, long now) {
        String owner = userId.isPresent() ? " AND user_id = :userId" : "";
        return db.write(handle -> {
            var update = handle.createUpdate(
                            "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL" + owner)
                    .bind("now", now)
                    .bind("id", id);
            var exists = handle.createQuery("SELECT count(*) FROM api_tokens WHERE id = :id" + owner)
                    .bind("id", id);
            if (userId.isPresent()) {
                update.bind("userId", userId.getAsLong());
                exists.bind("userId", userId.getAsLong());
            }
            update.execute();
            return exists.mapTo(Long.class).one() > 0;
        });
    }

    /**
     * Records a use at {@code now}, unless one was recorded after {@code staleBefore}: the condition
     * sits in the UPDATE so that concurrent uses write once, not once each.
     */
    void recordUse(String id, long now, long staleBefore) {
        db.writeVoid(handle -> handle.createUpdate("UPDATE api_tokens SET last_used_at = :now "
                        + "WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :staleBefore)")
                .bind("now", now)
                .bind("id", id)
                .bind("staleBefore", staleBefore)
                .execute());
    }

    private static StoredToken row(ResultSet rs) throws SQLException {
        return new StoredToken(
                rs.getString("id"),
                optionalLong(rs, "user_id"),
                optionalLong(rs, "publisher_id"),
                rs.getString("claims_json"),
                rs.getString("description"),
                HEX.parseHex(rs.getString("root_key")),
                CaveatCodec.decodeAll(rs.getString("caveats_json")),
                rs.getLong("created_at"),
                optionalLong(rs, "expires_at"),
                optionalLong(rs, "last_used_at"),
                optionalLong(rs, "revoked_at"));
    }

    private static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
