package dev.wharf.projects;

import dev.wharf.storage.db.Database;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The security history as the web pages and the CLI use it: events recorded on their own (a login,
 * an administrator's change of settings) and the history read back. Changes to projects record
 * their events inside their own transaction through {@link EventRepository} instead.
 */
public final class SecurityHistory {
    private final Database database;
    private final EventRepository events;
    private final Clock clock;

    public SecurityHistory(Database database, EventRepository events, Clock clock) {
        this.database = database;
        this.events = events;
        this.clock = clock;
    }

    /** Records an event done by {@code userId} that concerns no project. Details never hold secrets. */
    public void recordForUser(long userId, String kind, Map<String, ?> detail) {
        database.writeVoid(handle -> events.record(
                handle, Optional.empty(), kind, Optional.of(userId), Optional.empty(), detail, clock.instant()));
    }

    public List<StoredEvent> find(EventFilter filter) {
        return database.read(handle -> events.find(handle, filter));
    }
}
