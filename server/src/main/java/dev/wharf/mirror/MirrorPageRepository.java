package dev.wharf.mirror;

import dev.wharf.storage.db.Micros;
import dev.wharf.text.Json;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import tools.jackson.databind.JsonNode;

/**
 * SQL for {@code mirror_pages}. The body is our own JSON form of {@link UpstreamProject} (already
 * validated), so a page is parsed from the upstream once, not on every read. Its keys are a stored
 * format: add keys, never rename one.
 */
public final class MirrorPageRepository {

    Optional<CachedPage> find(Handle handle, String index, String project) {
        return handle.createQuery("SELECT found, body, etag, last_modified, fetched_at FROM mirror_pages "
                        + "WHERE index_name = :i AND project = :p")
                .bind("i", index)
                .bind("p", project)
                .map((rs, ctx) -> new CachedPage(
                        rs.getBoolean("found") ? Optional.of(decode(rs.getString("body"))) : Optional.empty(),
                        Optional.ofNullable(rs.getString("etag")),
                        Optional.ofNullable(rs.getString("last_modified")),
                        Micros.toInstant(rs.getLong("fetched_at"))))
                .findOne();
    }

    void put(Handle handle, String index, String project, CachedPage page) {
        handle.createUpdate("""
                        INSERT INTO mirror_pages (index_name, project, found, body, etag, last_modified, fetched_at)
                        VALUES (:i, :p, :found, :body, :etag, :lm, :at)
                        ON CONFLICT (index_name, project) DO UPDATE SET found = :found, body = :body, etag = :etag,
                            last_modified = :lm, fetched_at = :at""")
                .bind("i", index)
                .bind("p", project)
                .bind("found", page.project().isPresent())
                .bind("body", page.project().map(MirrorPageRepository::encode).orElse(null))
                .bind("etag", page.etag().orElse(null))
                .bind("lm", page.lastModified().orElse(null))
                .bind("at", Micros.of(page.fetchedAt()))
                .execute();
    }

    /** Marks a page confirmed unchanged (a 304) at {@code now}. */
    void touch(Handle handle, String index, String project, Instant now) {
        handle.createUpdate("UPDATE mirror_pages SET fetched_at = :at WHERE index_name = :i AND project = :p")
                .bind("i", index)
                .bind("p", project)
                .bind("at", Micros.of(now))
                .execute();
    }

    /** The projects this mirror has a page for (its root page lists what it has seen). */
    public List<String> projects(Handle handle, String index) {
        return handle.createQuery(
                        "SELECT project FROM mirror_pages WHERE index_name = :i AND found = :t ORDER BY project")
                .bind("i", index)
                .bind("t", true)
                .mapTo(String.class)
                .list();
    }

    static String encode(UpstreamProject project) {
        List<Map<String, Object>> files = new ArrayList<>();
        for (UpstreamFile file : project.files()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("filename", file.filename());
            json.put("url", file.url().toString());
            json.put("sha256", file.sha256());
            file.requiresPython().ifPresent(v -> json.put("requires-python", v));
            file.size().ifPresent(v -> json.put("size", v));
            file.uploadTime().ifPresent(v -> json.put("upload-time", v.toString()));
            json.put("yanked", file.yanked());
            file.yankedReason().ifPresent(v -> json.put("yanked-reason", v));
            file.coreMetadataSha256().ifPresent(v -> json.put("core-metadata-sha256", v));
            files.add(json);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("status", project.status());
        page.put("serial", project.serial());
        page.put("files", files);
        return Json.MAPPER.writeValueAsString(page);
    }

    static UpstreamProject decode(String body) {
        JsonNode page = Json.MAPPER.readTree(body);
        List<UpstreamFile> files = new ArrayList<>();
        for (JsonNode file : page.path("files")) {
            files.add(new UpstreamFile(
                    file.path("filename").asString(),
                    URI.create(file.path("url").asString()),
                    file.path("sha256").asString(),
                    text(file, "requires-python"),
                    file.has("size") ? OptionalLong.of(file.path("size").asLong()) : OptionalLong.empty(),
                    text(file, "upload-time").map(Instant::parse),
                    file.path("yanked").asBoolean(),
                    text(file, "yanked-reason"),
                    text(file, "core-metadata-sha256")));
        }
        return new UpstreamProject(
                page.path("status").asString("active"),
                files,
                page.path("serial").asLong());
    }

    private static Optional<String> text(JsonNode node, String key) {
        return node.has(key) ? Optional.of(node.get(key).asString()) : Optional.empty();
    }
}
