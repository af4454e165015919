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
        handle.createUpdate("""
                        INSERT INTO events (project_id, kind, user_id, token_id, detail_json, created_at)
                        VALUES (:p, :k, :u, :t, :d, :now)""")
                .bind("p", projectId.orElse(null)).bind("k", kind).bind("u", userId.orElse(null))
                .bind("t", tokenId.orElse(null)).bind("d", JSON.writeValueAsString(detail)).bind("now", Micros.of(now))
                .execute();
    }
}
