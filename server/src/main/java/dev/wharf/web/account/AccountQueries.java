package dev.wharf.web.account;

import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Micros;
import java.time.Instant;
import java.util.List;

/** The read-only lists of the account pages: your projects and your security history. */
public final class AccountQueries {
    static final int HISTORY_LIMIT = 200;
    private final Database database;

    AccountQueries(Database database) {
        this.database = database;
    }

    /** A project the user has a role on. */
    public record RoleOnProject(String name, String normalizedName, String role) {
    }

    /** One line of history; {@code project} and {@code actor} are empty strings when not known. */
    public record HistoryEntry(Instant at, String kind, String project, String actor, String detail) {
    }

    List<RoleOnProject> projectsOf(long userId) {
        return database.read(handle -> handle.createQuery("""
                        SELECT p.name, p.normalized_name, r.role FROM roles r JOIN projects p ON p.id = r.project_id
                        WHERE r.user_id = :u ORDER BY p.normalized_name""")
                .bind("u", userId)
                .map((rs, ctx) -> new RoleOnProject(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list());
    }

    /** Events done by the user or on the user's projects, newest first, at most {@link #HISTORY_LIMIT}. */
    List<HistoryEntry> history(long userId) {
        return database.read(handle -> handle.createQuery("""
                        SELECT e.created_at, e.kind, p.name AS project, u.username AS actor, e.detail_json
                        FROM events e
                        LEFT JOIN projects p ON p.id = e.project_id
                        LEFT JOIN users u ON u.id = e.user_id
                        WHERE e.user_id = :u OR e.project_id IN (SELECT project_id FROM roles WHERE user_id = :u)
                        ORDER BY e.created_at DESC, e.id DESC""")
                .bind("u", userId).setMaxRows(HISTORY_LIMIT)
                .map((rs, ctx) -> new HistoryEntry(Micros.toInstant(rs.getLong(1)), rs.getString(2),
                        rs.getString(3) == null ? "" : rs.getString(3), rs.getString(4) == null ? "" : rs.getString(4),
                        rs.getString(5)))
                .list());
    }
}
