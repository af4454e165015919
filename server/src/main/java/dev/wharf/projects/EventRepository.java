package dev.wharf.projects;

import dev.wharf.storage.db.Micros;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Security history: who did what to which project, with which token. Written in the same
 * transaction as the change it describes. Details never hold secrets (token ids, not tokens).
 */
public final class EventLog {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public void record(Handle handle, Optional<Long> projectId, String kind, Optional<Long> userId,
                       Optional<String> tokenId, Map<String, ?> detail, Instant now) {
        write(handle, entry(projectId, kind, userId, tokenId, detail, now));
    }

    /**
     * An event built ahead of its transaction (its detail serialized), so that a hot write path such
     * as the token exchange holds the database writer only for the INSERT.
     */
    public static Entry entry(Optional<Long> projectId, String kind, Optional<Long> userId, Optional<String> tokenId,
                              Map<String, ?> detail, Instant at) {
        return new Entry(projectId, kind, userId, tokenId, JSON.writeValueAsString(detail), at);
    }

    public void write(Handle handle, Entry entry) {
        handle.createUpdate("""
                        INSERT INTO events (project_id, kind, user_id, token_id, detail_json, created_at)
                        VALUES (:p, :k, :u, :t, :d, :now)""")
                .bind("p", entry.projectId().orElse(null)).bind("k", entry.kind()).bind("u", entry.userId().orElse(null))
                .bind("t", entry.tokenId().orElse(null)).bind("d", entry.detailJson()).bind("now", Micros.of(entry.at()))
                .execute();
    }

    /** One row of the security history, ready to insert. */
    public record Entry(Optional<Long> projectId, String kind, Optional<Long> userId, Optional<String> tokenId,
                        String detailJson, Instant at) {
    }
}
