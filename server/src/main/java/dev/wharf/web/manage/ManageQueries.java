package dev.wharf.web.manage;

import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Micros;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Read-only lists the settings pages show and no domain service offers: a project's events and
 * the users of the instance. Both are bounded; the history shows the newest {@value #MAX_EVENTS}.
 */
public final class ManageQueries {
    static final int MAX_EVENTS = 500;
    static final int MAX_USERS = 1000;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Database database;

    public ManageQueries(Database database) {
        this.database = database;
    }

    public List<EventRow> events(long projectId) {
        return database.read(handle -> handle.createQuery("""
                        SELECT e.kind, e.token_id, e.detail_json, e.created_at, u.username
                        FROM events e LEFT JOIN users u ON u.id = e.user_id
                        WHERE e.project_id = :p ORDER BY e.id DESC LIMIT :limit""")
                .bind("p", projectId).bind("limit", MAX_EVENTS)
                .map((rs, ctx) -> new EventRow(WHEN.format(Micros.toInstant(rs.getLong("created_at"))), rs.getString("kind"),
                        rs.getString("username") == null ? "" : rs.getString("username"),
                        rs.getString("token_id") == null ? "" : rs.getString("token_id"), rs.getString("detail_json")))
                .list());
    }

    /** @param twoFactor whether a user id has two-factor authentication on */
    public List<UserRow> users(LongPredicate twoFactor) {
        return database.read(handle -> handle.createQuery(
                        "SELECT id, username, email, is_admin, created_at FROM users ORDER BY lower(username) LIMIT :limit")
                .bind("limit", MAX_USERS)
                .map((rs, ctx) -> new UserRow(rs.getString("username"), rs.getString("email"), rs.getBoolean("is_admin"),
                        twoFactor.test(rs.getLong("id")), WHEN.format(Micros.toInstant(rs.getLong("created_at")))))
                .list());
    }
}
