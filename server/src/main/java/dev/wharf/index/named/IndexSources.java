package dev.wharf.index.named;

import dev.wharf.index.IndexUrls;
import dev.wharf.index.IndexedFile;
import dev.wharf.index.IndexedProject;
import dev.wharf.indexes.IndexDefinition;
import dev.wharf.indexes.IndexName;
import dev.wharf.indexes.IndexRepository;
import dev.wharf.indexes.IndexService;
import dev.wharf.indexes.MirrorIndex;
import dev.wharf.indexes.VirtualIndex;
import dev.wharf.mirror.MirrorPageRepository;
import dev.wharf.mirror.MirrorPages;
import dev.wharf.mirror.UpstreamFile;
import dev.wharf.mirror.UpstreamProject;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.storage.db.Database;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What a project is in a given index.
 *
 * <table>
 *   <caption>The rules, by kind of index</caption>
 *   <tr><th>Index</th><th>A project's files</th></tr>
 *   <tr><td>{@code hosted}</td><td>what was uploaded; none while the project is quarantined (PEP 792)</td></tr>
 *   <tr><td>mirror</td><td>the upstream's files, less those the cooldown hides: younger than the
 *       mirror's minimum age by their upload-time, or of unknown age, unless the project is exempt</td></tr>
 *   <tr><td>virtual, protected name</td><td>a name that exists as a hosted project, or matches one of the
 *       index's protected patterns, is served from {@code hosted} alone (an unknown protected name is a
 *       404): upstream files under it never appear. Only the hosted project's owner can lift this, by
 *       allowing upstream merges for it.</td></tr>
 *   <tr><td>virtual, other names</td><td>the files of every member that has the project, in member
 *       order; of two files with one name, the first member's wins</td></tr>
 * </table>
 *
 * <p>Names are compared PEP 503-normalized throughout. The protection is what makes one index URL
 * safe where {@code --extra-index-url} is not: pip takes the highest version from any index it is
 * given, so anyone could publish {@code acme-internal 99.0} upstream and win.
 */
public final class IndexSources {
    private final Database database;
    private final ProjectRepository projects;
    private final IndexRepository indexes;
    private final IndexService definitions;
    private final MirrorPages mirrorPages;
    private final MirrorPageRepository mirrorPageRepository;
    private final IndexUrls urls;
    private final Clock clock;

    public IndexSources(
            Database database,
            ProjectRepository projects,
            IndexRepository indexes,
            IndexService definitions,
            MirrorPages mirrorPages,
            MirrorPageRepository mirrorPageRepository,
            IndexUrls urls,
            Clock clock) {
        this.database = database;
        this.projects = projects;
        this.indexes = indexes;
        this.definitions = definitions;
        this.mirrorPages = mirrorPages;
        this.mirrorPageRepository = mirrorPageRepository;
        this.urls = urls;
        this.clock = clock;
    }

    /** The project in {@code index} (hosted when {@code index} is empty), or empty for a 404. */
    public Optional<SourcedProject> project(Optional<IndexDefinition> index, String normalizedName) {
        if (index.isEmpty()) {
            return hosted(normalizedName).map(Hosted::sourced);
        }
        return switch (index.get()) {
            case MirrorIndex mirror -> mirror(mirror, normalizedName);
            case VirtualIndex virtual -> virtual(virtual, normalizedName);
        };
    }

    /** The project names an index lists on its root page (a mirror: those it has fetched). */
    public List<String> names(Optional<IndexDefinition> index) {
        if (index.isEmpty()) {
            return database.read(handle -> projects.listProjects(handle)).stream()
                    .map(summary -> summary.normalizedName())
                    .toList();
        }
        return switch (index.get()) {
            case MirrorIndex mirror ->
                database.read(handle ->
                        mirrorPageRepository.projects(handle, mirror.name().value()));
            case VirtualIndex virtual -> {
                Set<String> names = new TreeSet<>();
                for (IndexName member : virtual.members()) {
                    if (member.isHosted()) {
                        names.addAll(names(Optional.empty()));
                    } else {
                        names.addAll(database.read(handle -> mirrorPageRepository.projects(handle, member.value())));
                    }
                }
                yield List.copyOf(names);
            }
        };
    }

    /** A file a mirror serves now: listed on the project's page and out of the cooldown. */
    public Optional<UpstreamFile> mirrorFile(MirrorIndex mirror, String normalizedName, String filename) {
        return mirrorPages
                .project(mirror, normalizedName)
                .flatMap(page -> page.project().file(filename))
                .filter(file -> !mirror.coolingDown(normalizedName, file.uploadTime(), clock.instant()));
    }

    /** A hosted name found on a mirror's upstream. */
    public record Shadow(String project, String mirror, boolean mergeAllowed) {}

    /** What {@link #shadowed} found: the shadowed names, how many names it checked, and upstream failures. */
    public record Shadowing(List<Shadow> shadowed, int checked, List<String> failures) {}

    /**
     * The hosted names (the first {@code limit}, alphabetically) that also exist on a mirror's upstream.
     * Asks each mirror through its page cache, several names at once; an upstream that fails is
     * reported once, not per name.
     */
    public Shadowing shadowed(int limit) {
        List<String> hostedNames = names(Optional.empty()).stream().limit(limit).toList();
        List<MirrorIndex> mirrors = definitions.list().stream()
                .filter(MirrorIndex.class::isInstance)
                .map(MirrorIndex.class::cast)
                .toList();
        List<Shadow> found = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> failures = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.Semaphore parallel = new java.util.concurrent.Semaphore(8);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (MirrorIndex mirror : mirrors) {
                for (String name : hostedNames) {
                    pool.submit(() -> {
                        parallel.acquireUninterruptibly();
                        try {
                            if (mirrorPages.project(mirror, name).isPresent()) {
                                found.add(new Shadow(name, mirror.name().value(), mergeAllowed(name)));
                            }
                        } catch (dev.wharf.errors.WharfException e) {
                            failures.add(mirror.name() + ": " + e.getMessage());
                        } finally {
                            parallel.release();
                        }
                    });
                }
            }
        }
        List<Shadow> sorted = new ArrayList<>(found);
        sorted.sort(java.util.Comparator.comparing(Shadow::project).thenComparing(Shadow::mirror));
        return new Shadowing(
                sorted, hostedNames.size(), failures.stream().sorted().limit(20).toList());
    }

    private boolean mergeAllowed(String normalizedName) {
        return hosted(normalizedName).map(Hosted::mergeAllowed).orElse(false);
    }

    /** The path of a mirror's file, under the mirror's own URL space. */
    public String mirrorFilePath(IndexName mirror, String project, String filename) {
        return urls.basePath() + "/i/" + mirror.value() + "/files/" + project + "/"
                + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%2B");
    }

    private record Hosted(SourcedProject sourced, boolean mergeAllowed) {}

    private Optional<Hosted> hosted(String normalizedName) {
        return database.read(handle -> {
            Optional<Project> found = projects.findProject(handle, normalizedName);
            if (found.isEmpty()) {
                return Optional.<Hosted>empty();
            }
            Project project = found.get();
            // Merging is journaled, so the serial alone names what the hosted part serves.
            Supplier<IndexedProject> files = () -> database.read(inner -> new IndexedProject(
                    normalizedName,
                    project.status(),
                    // PEP 792: a quarantined project shows its status and no files.
                    project.status().equals("quarantined")
                            ? List.of()
                            : projects.files(inner, project.id()).stream()
                                    .map(f -> IndexedFile.hosted(f, urls))
                                    .toList(),
                    project.lastSerial()));
            return Optional.of(new Hosted(
                    new SourcedProject("h" + project.lastSerial(), files), indexes.mergeAllowed(handle, project.id())));
        });
    }

    private Optional<SourcedProject> mirror(MirrorIndex mirror, String normalizedName) {
        Optional<MirrorPages.MirrorProject> page = mirrorPages.project(mirror, normalizedName);
        if (page.isEmpty()) {
            return Optional.empty();
        }
        UpstreamProject upstream = page.get().project();
        Instant now = clock.instant();
        // Files only ever leave the cooldown: with the fetch time, the count of visible ones names the set.
        long visible = mirror.minAge().isEmpty()
                ? upstream.files().size()
                : upstream.files().stream()
                        .filter(file -> !mirror.coolingDown(normalizedName, file.uploadTime(), now))
                        .count();
        String stamp = "m" + page.get().fetchedAt().toEpochMilli() + "." + visible;
        return Optional.of(new SourcedProject(stamp, () -> mirrorProject(mirror, normalizedName, upstream, now)));
    }

    private IndexedProject mirrorProject(
            MirrorIndex mirror, String normalizedName, UpstreamProject upstream, Instant now) {
        List<IndexedFile> files = new ArrayList<>();
        for (UpstreamFile file : upstream.files()) {
            if (mirror.coolingDown(normalizedName, file.uploadTime(), now)) {
                continue;
            }
            files.add(new IndexedFile(
                    file.filename(),
                    mirrorFilePath(mirror.name(), normalizedName, file.filename()),
                    file.sha256(),
                    file.requiresPython(),
                    file.size(),
                    file.uploadTime(),
                    file.yanked(),
                    file.yankedReason(),
                    file.coreMetadataSha256(),
                    IndexedFile.versionOf(file.filename())));
        }
        return new IndexedProject(normalizedName, upstream.status(), files, upstream.serial());
    }

    private Optional<SourcedProject> virtual(VirtualIndex virtual, String normalizedName) {
        Optional<Hosted> hosted = hosted(normalizedName);
        boolean protectedName = hosted.isPresent() || virtual.protects(normalizedName);
        boolean merge = hosted.map(Hosted::mergeAllowed).orElse(false);
        List<SourcedProject> parts = new ArrayList<>();
        for (IndexName member : virtual.members()) {
            if (member.isHosted()) {
                hosted.ifPresent(h -> parts.add(h.sourced()));
            } else if (!protectedName || merge) {
                Optional<IndexDefinition> definition = currentMirror(member);
                if (definition.isPresent() && definition.get() instanceof MirrorIndex mirror) {
                    mirror(mirror, normalizedName).ifPresent(parts::add);
                }
            }
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder stamp = new StringBuilder("v");
        for (SourcedProject part : parts) {
            stamp.append(part.stamp()).append('|');
        }
        return Optional.of(new SourcedProject(stamp.toString(), () -> merged(normalizedName, parts)));
    }

    /** The members' files in member order; of two files with one name, the first member's. */
    private static IndexedProject merged(String normalizedName, List<SourcedProject> parts) {
        List<IndexedFile> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        IndexedProject first = null;
        long serial = 0;
        for (SourcedProject part : parts) {
            IndexedProject project = part.project().get();
            first = first == null ? project : first;
            serial = Math.max(serial, project.serial());
            for (IndexedFile file : project.files()) {
                if (seen.add(file.filename())) {
                    files.add(file);
                }
            }
        }
        return new IndexedProject(normalizedName, first.status(), files, serial);
    }

    private Optional<IndexDefinition> currentMirror(IndexName name) {
        return definitions.find(name);
    }
}
