package dev.wharf.storage.db;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * SQL for {@code settings}: the key/value rows administrators change at run time, kept in the
 * database so that every node of a cluster sees a change at once. Keys are a stored format: add
 * keys, never rename or reuse one.
 */
public final class SettingsRepository {

    /** The stored values of those of {@code keys} that have a row. */
    public Map<String, String> read(Handle handle, Collection<String> keys) {
        return handle
                .createQuery("SELECT key, value FROM settings WHERE key IN (<keys>)")
                .bindList("keys", keys)
                .map((rs, ctx) -> Map.entry(rs.getString("key"), rs.getString("value")))
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public void put(Handle handle, String key, String value) {
        // Both databases have INSERT ... ON CONFLICT (SQLite since 3.24).
        handle.createUpdate(
                        "INSERT INTO settings (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = :v")
                .bind("k", key)
                .bind("v", value)
                .execute();
    }
}
