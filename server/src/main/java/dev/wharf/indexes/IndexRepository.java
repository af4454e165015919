package dev.wharf.indexes;

import dev.wharf.storage.db.Micros;
import dev.wharf.text.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import tools.jackson.databind.JsonNode;

/**
 * SQL for {@code indexes} and {@code upstream_merges}. An index's settings are one JSON object
 * whose keys are a stored format: add keys, never rename one.
 */
public final class IndexRepository {

    public List<IndexDefinition> all(Handle handle) {
        return handle.createQuery("SELECT name, kind, settings FROM indexes ORDER BY name")
                .map((rs, ctx) -> read(rs.getString("name"), rs.getString("kind"), rs.getString("settings")))
                .list();
    }

    public boolean exists(Handle handle, IndexName name) {
        return handle.createQuery("SELECT count(*) FROM indexes WHERE name = :n")
                        .bind("n", name.value())
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    public void insert(Handle handle, IndexDefinition index, Instant now) {
        handle.createUpdate("INSERT INTO indexes (name, kind, settings, created_at) VALUES (:n, :k, :s, :t)")
                .bind("n", index.name().value())
                .bind("k", index.kind())
                .bind("s", Json.MAPPER.writeValueAsString(settings(index)))
                .bind("t", Micros.of(now))
                .execute();
    }

    public void update(Handle handle, IndexDefinition index) {
        handle.createUpdate("UPDATE indexes SET settings = :s WHERE name = :n")
                .bind("n", index.name().value())
                .bind("s", Json.MAPPER.writeValueAsString(settings(index)))
                .execute();
    }

    public boolean delete(Handle handle, IndexName name) {
        // mirror_pages and mirror_files go with it (ON DELETE CASCADE is not enforced by every SQLite
        // connection, so they are deleted explicitly); their blobs become orphans, collected later.
        handle.createUpdate("DELETE FROM mirror_pages WHERE index_name = :n")
                .bind("n", name.value())
                .execute();
        handle.createUpdate("DELETE FROM mirror_files WHERE index_name = :n")
                .bind("n", name.value())
                .execute();
        return handle.createUpdate("DELETE FROM indexes WHERE name = :n")
                        .bind("n", name.value())
                        .execute()
                > 0;
    }

    /** Whether the owner of the hosted project allowed upstream files to be merged under its name. */
    public boolean mergeAllowed(Handle handle, long projectId) {
        return handle.createQuery("SELECT count(*) FROM upstream_merges WHERE project_id = :p")
                        .bind("p", projectId)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    public void setMergeAllowed(Handle handle, long projectId, boolean allowed, Instant now) {
        handle.createUpdate("DELETE FROM upstream_merges WHERE project_id = :p")
                .bind("p", projectId)
                .execute();
        if (allowed) {
            handle.createUpdate("INSERT INTO upstream_merges (project_id, allowed_at) VALUES (:p, :t)")
                    .bind("p", projectId)
                    .bind("t", Micros.of(now))
                    .execute();
        }
    }

    private static Map<String, Object> settings(IndexDefinition index) {
        Map<String, Object> json = new LinkedHashMap<>();
        switch (index) {
            case MirrorIndex mirror -> {
                json.put("upstream", mirror.upstream().toString());
                json.put("ttl-seconds", mirror.ttl().toSeconds());
                mirror.minAge().ifPresent(age -> json.put("min-age-seconds", age.toSeconds()));
                json.put("cooldown-exempt", List.copyOf(mirror.cooldownExempt()));
                mirror.username().ifPresent(user -> json.put("username", user));
                mirror.passwordEnv().ifPresent(env -> json.put("password-env", env));
            }
            case VirtualIndex virtual -> {
                json.put(
                        "members",
                        virtual.members().stream().map(IndexName::value).toList());
                json.put(
                        "protect",
                        virtual.protect().stream().map(ProjectPattern::value).toList());
            }
        }
        return json;
    }

    private static IndexDefinition read(String name, String kind, String settings) {
        JsonNode json = Json.MAPPER.readTree(settings);
        IndexName indexName = new IndexName(name);
        if (kind.equals("mirror")) {
            List<String> exempt = new ArrayList<>();
            json.path("cooldown-exempt").forEach(node -> exempt.add(node.asString()));
            return new MirrorIndex(
                    indexName,
                    URI.create(json.path("upstream").asString()),
                    Duration.ofSeconds(json.path("ttl-seconds").asLong()),
                    json.has("min-age-seconds")
                            ? Optional.of(Duration.ofSeconds(
                                    json.path("min-age-seconds").asLong()))
                            : Optional.empty(),
                    Set.copyOf(exempt),
                    Optional.ofNullable(json.get("username")).map(JsonNode::asString),
                    Optional.ofNullable(json.get("password-env")).map(JsonNode::asString));
        }
        List<IndexName> members = new ArrayList<>();
        json.path("members").forEach(node -> members.add(new IndexName(node.asString())));
        List<ProjectPattern> protect = new ArrayList<>();
        json.path("protect").forEach(node -> protect.add(new ProjectPattern(node.asString())));
        return new VirtualIndex(indexName, members, protect);
    }
}
