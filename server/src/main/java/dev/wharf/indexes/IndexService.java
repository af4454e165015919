package dev.wharf.indexes;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.wharf.distributions.ProjectName;
import dev.wharf.errors.Refusal;
import dev.wharf.projects.EventRepository;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.SettingsRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Defines, changes and removes indexes, chooses the one {@code /simple/} serves, and records a hosted
 * project owner's choice to merge upstream files under the project's name. Definitions are read
 * through a cache of {@link #REFRESH}, so a change made by {@code wharf admin index} in another
 * process (or on another node) reaches a running server within that time; changes made through this
 * object are seen at once.
 */
public final class IndexService {
    /** How soon a change made elsewhere is seen. */
    public static final Duration REFRESH = Duration.ofSeconds(2);

    static final String DEFAULT_KEY = "index.default";

    private final Database database;
    private final IndexRepository indexes;
    private final SettingsRepository settings;
    private final ProjectRepository projects;
    private final EventRepository events;
    private final Clock clock;
    private final LoadingCache<String, Snapshot> snapshot;

    public IndexService(
            Database database,
            IndexRepository indexes,
            SettingsRepository settings,
            ProjectRepository projects,
            EventRepository events,
            Clock clock) {
        this.database = database;
        this.indexes = indexes;
        this.settings = settings;
        this.projects = projects;
        this.events = events;
        this.clock = clock;
        this.snapshot =
                Caffeine.newBuilder().expireAfterWrite(REFRESH).maximumSize(1).build(key -> load());
    }

    /** Every defined index and the default, as read at one moment. */
    public record Snapshot(List<IndexDefinition> all, IndexName defaultIndex) {
        public Optional<IndexDefinition> find(IndexName name) {
            return all.stream().filter(index -> index.name().equals(name)).findFirst();
        }
    }

    public Snapshot current() {
        return snapshot.get("");
    }

    public List<IndexDefinition> list() {
        return current().all();
    }

    public Optional<IndexDefinition> find(IndexName name) {
        return current().find(name);
    }

    /** The index {@code /simple/} serves: {@code hosted} unless an administrator chose another. */
    public IndexName defaultIndex() {
        return current().defaultIndex();
    }

    public void add(IndexDefinition index) {
        database.writeVoid(handle -> {
            if (indexes.exists(handle, index.name())) {
                throw new IndexException(Refusal.CONFLICT, "An index named \"" + index.name() + "\" already exists");
            }
            checkMembers(index, indexes.all(handle));
            indexes.insert(handle, index, clock.instant());
        });
        snapshot.invalidateAll();
    }

    /** Replaces an index's settings; its kind stays what it was. */
    public void change(IndexDefinition index) {
        database.writeVoid(handle -> {
            List<IndexDefinition> all = indexes.all(handle);
            IndexDefinition existing = all.stream()
                    .filter(i -> i.name().equals(index.name()))
                    .findFirst()
                    .orElseThrow(() -> unknown(index.name()));
            if (!existing.kind().equals(index.kind())) {
                throw IndexException.badRequest("\"" + index.name() + "\" is a " + existing.kind()
                        + " index; remove it and add it again to make it a " + index.kind());
            }
            checkMembers(index, all);
            indexes.update(handle, index);
        });
        snapshot.invalidateAll();
    }

    public void remove(IndexName name) {
        database.writeVoid(handle -> {
            List<IndexDefinition> all = indexes.all(handle);
            for (IndexDefinition other : all) {
                if (other instanceof VirtualIndex virtual && virtual.members().contains(name)) {
                    throw new IndexException(
                            Refusal.CONFLICT,
                            "\"" + name + "\" is a member of the virtual index \"" + virtual.name()
                                    + "\"; remove it from there first");
                }
            }
            if (readDefault(handle).equals(name)) {
                throw new IndexException(
                        Refusal.CONFLICT,
                        "\"" + name + "\" is what /simple/ serves; "
                                + "choose another with \"wharf admin index set-default\" first");
            }
            if (!indexes.delete(handle, name)) {
                throw unknown(name);
            }
        });
        snapshot.invalidateAll();
    }

    public void setDefault(IndexName name) {
        database.writeVoid(handle -> {
            if (!name.isHosted() && !indexes.exists(handle, name)) {
                throw unknown(name);
            }
            settings.put(handle, DEFAULT_KEY, name.value());
        });
        snapshot.invalidateAll();
    }

    /**
     * Lets upstream files under a hosted project's name appear in virtual indexes beside its own (or
     * stops it). Journaled, so every cached page of the project is rebuilt, and audited.
     */
    public void setMergeAllowed(String projectName, boolean allowed, Optional<Long> actor) {
        String normalized = ProjectName.normalize(projectName);
        database.writeVoid(handle -> {
            Project project = projects.findProject(handle, normalized)
                    .orElseThrow(() -> new IndexException(
                            Refusal.NOT_FOUND, "No hosted project is named \"" + projectName + "\""));
            if (indexes.mergeAllowed(handle, project.id()) == allowed) {
                return;
            }
            indexes.setMergeAllowed(handle, project.id(), allowed, clock.instant());
            long serial = projects.journal(
                    handle, project, allowed ? "allow upstream merge" : "refuse upstream merge", 0, clock.instant());
            events.record(
                    handle,
                    Optional.of(project.id()),
                    allowed ? "project:upstream_merge_allowed" : "project:upstream_merge_refused",
                    actor,
                    Optional.empty(),
                    Map.of("serial", serial),
                    clock.instant());
        });
    }

    public boolean mergeAllowed(String normalizedName) {
        return database.read(handle -> projects.findProject(handle, normalizedName)
                .map(project -> indexes.mergeAllowed(handle, project.id()))
                .orElse(false));
    }

    private Snapshot load() {
        return database.read(handle -> new Snapshot(indexes.all(handle), readDefault(handle)));
    }

    private IndexName readDefault(org.jdbi.v3.core.Handle handle) {
        String stored = settings.read(handle, List.of(DEFAULT_KEY)).get(DEFAULT_KEY);
        return new IndexName(stored == null ? IndexName.HOSTED : stored);
    }

    /** A virtual index's members are {@code hosted} or mirrors that exist: no nesting, so no cycles. */
    private static void checkMembers(IndexDefinition index, List<IndexDefinition> existing) {
        if (!(index instanceof VirtualIndex virtual)) {
            return;
        }
        for (IndexName member : virtual.members()) {
            if (member.isHosted()) {
                continue;
            }
            Optional<IndexDefinition> found =
                    existing.stream().filter(i -> i.name().equals(member)).findFirst();
            if (found.isEmpty()) {
                throw IndexException.badRequest("The member \"" + member + "\" is not an index; add the mirror first "
                        + "(members are \"hosted\" and mirrors)");
            }
            if (found.get() instanceof VirtualIndex) {
                throw IndexException.badRequest(
                        "The member \"" + member + "\" is a virtual index; list its members instead");
            }
        }
    }

    private static IndexException unknown(IndexName name) {
        return new IndexException(Refusal.NOT_FOUND, "No index is named \"" + name + "\"");
    }
}
