package dev.wharf.projects;

import dev.wharf.storage.db.Micros;
import dev.wharf.text.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for {@code events}, the security history: who did what to which project, with which token.
 * Written in the same transaction as the change it describes. Details never hold secrets (token
 * ids, not tokens). Read back newest first through {@link #find}.
 */
public final class EventRepository {
    public void record(
            Handle handle,
            Optional<Long> projectId,
            String kind,
            Optional<Long> userId,
            Optional<String> tokenId,
            Map<String, ?> detail,
            Instant now) {
        write(handle, entry(projectId, kind, userId, tokenId, detail, now));
    }

    /**
     * An event built ahead of its transaction (its detail serialized), so that a hot write path such
     * as the token exchange holds the database writer only for the INSERT.
     */
    public static Entry entry(
            Optional<Long> projectId,
            String kind,
            Optional<Long> userId,
            Optional<String> tokenId,
            Map<String, ?> detail,
            Instant at) {
        return new Entry(projectId, kind, userId, tokenId, Json.MAPPER.writeValueAsString(detail), at);
    }

    public void write(Handle handle, Entry entry) {
        handle.createUpdate("""
                        INSERT INTO events (project_id, kind, user_id, token_id, detail_json, created_at)
                        VALUES (:p, :k, :u, :t, :d, :now)""")
                .bind("p", entry.projectId().orElse(null))
                .bind("k", entry.kind())
                .bind("u", entry.userId().orElse(null))
                .bind("t", entry.tokenId().orElse(null))
                .bind("d", entry.detailJson())
                .bind("now", Micros.of(entry.at()))
                .execute();
    }

    /** One row of the security history, ready to insert. */
    public record Entry(
            Optional<Long> projectId,
            String kind,
            Optional<Long> userId,
            Optional<String> tokenId,
            String detailJson,
            Instant at) {}

    /** Events matching {@code filter}, newest first (by insertion order), at most {@code filter.limit()}. */
    public List<StoredEvent> find(Handle handle, EventFilter filter) {
        StringBuilder sql = new StringBuilder("""
                SELECT e.created_at, e.kind, p.name AS project, u.username, e.token_id, e.detail_json
                FROM events e LEFT JOIN projects p ON p.id = e.project_id LEFT JOIN users u ON u.id = e.user_id
                WHERE 1 = 1""");
        filter.projectId().ifPresent(id -> sql.append(" AND e.project_id = :projectId"));
        filter.normalizedProject().ifPresent(name -> sql.append(" AND p.normalized_name = :project"));
        filter.kindPrefix().ifPresent(prefix -> sql.append(" AND e.kind LIKE :kind ESCAPE '\\'"));
        filter.involvingUser()
                .ifPresent(
                        user -> sql.append(
                                " AND (e.user_id = :user OR e.project_id IN (SELECT project_id FROM roles WHERE user_id = :user))"));
        sql.append(" ORDER BY e.id DESC LIMIT :limit");
        var query = handle.createQuery(sql.toString()).bind("limit", filter.limit());
        filter.projectId().ifPresent(id -> query.bind("projectId", id));
        filter.normalizedProject().ifPresent(name -> query.bind("project", name));
        // LIKE wildcards in the prefix are taken literally.
        filter.kindPrefix()
                .ifPresent(prefix -> query.bind(
                        "kind", prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
        filter.involvingUser().ifPresent(user -> query.bind("user", user));
        return query.map((rs, ctx) -> new StoredEvent(
                        Micros.toInstant(rs.getLong("created_at")),
                        rs.getString("kind"),
                        Optional.ofNullable(rs.getString("project")),
                        Optional.ofNullable(rs.getString("username")),
                        Optional.ofNullable(rs.getString("token_id")),
                        rs.getString("detail_json")))
                .list();
    }
}
