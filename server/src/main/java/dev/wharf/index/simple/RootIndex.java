package dev.wharf.index.simple;

import dev.wharf.http.EncodedBody;
import dev.wharf.http.Segment;
import dev.wharf.projects.JournalEntry;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.projects.ProjectSummary;
import dev.wharf.storage.db.Database;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The root page {@code /simple/} in both formats, kept as chunks of about {@value #CHUNK} projects
 * in name order, each rendered and encoded on its own. A change of the index (a journal row) makes
 * only the chunks holding the changed projects render again; the page is then those chunks joined,
 * which costs a CRC over the identity bytes and no compression. With 500,000 projects a new project
 * re-encodes one chunk (about 120 KB of HTML and 100 KB of JSON) instead of the whole 30 MB page.
 *
 * <p>The journal is read from the serial of the last build on. Each change re-reads the project's
 * current row, so applying a change twice is harmless. On PostgreSQL, serials come from a sequence
 * and a lower one can commit after a higher one was seen: ids missing between the ones read are
 * kept as gaps and read again until they appear or {@link #GAP_WAIT_SECONDS} pass (a rolled-back
 * upload leaves a gap that never fills). On SQLite writes are serial and no gap is ever seen.
 */
final class RootIndex {
    /**
     * Projects per chunk at a full build; a chunk that grows past twice this splits. 2,000 projects
     * are about 120 KB of HTML (15 KB gzipped): a change re-encodes that much, and a response of
     * 500,000 projects is 250 writes per format.
     */
    static final int CHUNK = 2000;
    /** More journal rows than this since the last build: rebuilding everything is cheaper. */
    static final int MAX_INCREMENT = 20_000;

    static final long GAP_WAIT_SECONDS = 120;
    private static final int MAX_GAPS = 10_000;
    /** How far back a full build looks for ids that have not committed yet. */
    private static final int GAP_WINDOW = 1_000;

    private static final int NAMES_PER_QUERY = 500;

    private final Database database;
    private final ProjectRepository projects;
    private final SimplePageRenderer renderer;
    private final Segment htmlHead;
    private final Segment htmlTail;
    private final Segment jsonTail;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Snapshot current;

    private final int chunkSize;

    RootIndex(Database database, ProjectRepository projects, SimplePageRenderer renderer) {
        this(database, projects, renderer, CHUNK);
    }

    /** {@code chunkSize}: tests use a small one so that a few projects cross chunk bounds. */
    RootIndex(Database database, ProjectRepository projects, SimplePageRenderer renderer, int chunkSize) {
        this.chunkSize = chunkSize;
        this.database = database;
        this.projects = projects;
        this.renderer = renderer;
        this.htmlHead = Segment.of(renderer.rootHtmlHead());
        this.htmlTail = Segment.of(renderer.rootHtmlTail());
        this.jsonTail = Segment.of(renderer.rootJsonTail());
    }

    /**
     * A run of projects and its segments. In JSON every chunk but the first is preceded by a comma;
     * the comma is part of the chunk's segment ({@code jsonAfterComma}) so that a response is one
     * write per chunk, not two. The first chunk's segment without it is made when a chunk first
     * becomes the first one (rarely: the first chunk changes in place).
     */
    private static final class Chunk {
        private final NavigableMap<String, ProjectSummary> entries;
        private final Segment html;
        private final Segment jsonAfterComma;
        private final SimplePageRenderer renderer;
        private volatile Segment jsonFirst;

        Chunk(NavigableMap<String, ProjectSummary> entries, SimplePageRenderer renderer) {
            this.entries = entries;
            this.renderer = renderer;
            List<ProjectSummary> list = List.copyOf(entries.values());
            this.html = Segment.of(renderer.rootHtmlEntries(list));
            this.jsonAfterComma = Segment.of("," + renderer.rootJsonEntries(list));
        }

        NavigableMap<String, ProjectSummary> entries() {
            return entries;
        }

        Segment html() {
            return html;
        }

        Segment json(boolean first) {
            if (!first) {
                return jsonAfterComma;
            }
            Segment segment = jsonFirst;
            if (segment == null) {
                segment = Segment.of(renderer.rootJsonEntries(List.copyOf(entries.values())));
                jsonFirst = segment;
            }
            return segment;
        }
    }

    /**
     * What a request serves: the chunks keyed by their lower bound (the first is keyed {@code ""}),
     * the journal serial they reflect, ids still awaited, and the joined pages.
     */
    private record Snapshot(
            long serial,
            Map<Long, Long> gaps,
            NavigableMap<String, Chunk> chunks,
            EncodedBody html,
            EncodedBody json) {}

    RenderedPage page(SimpleFormat format) {
        Snapshot snapshot = upToDate(database.read(projects::globalSerial));
        return new RenderedPage(format.isJson() ? snapshot.json() : snapshot.html(), snapshot.serial(), format);
    }

    /** Builds the page ahead of the first request (a server start with many projects). */
    void warm() {
        upToDate(0);
    }

    private Snapshot upToDate(long serial) {
        Snapshot snapshot = current;
        if (snapshot != null && snapshot.serial() >= serial && snapshot.gaps().isEmpty()) {
            return snapshot;
        }
        lock.lock();
        try {
            snapshot = current;
            if (snapshot == null) {
                snapshot = fullBuild();
            } else if (snapshot.serial() < serial || !snapshot.gaps().isEmpty()) {
                snapshot = advance(snapshot);
            }
            current = snapshot;
            return snapshot;
        } finally {
            lock.unlock();
        }
    }

    private Snapshot fullBuild() {
        // The serial is read before the rows: a change committed in between is in the rows and is
        // applied once more by the next advance, which re-reads its project.
        long serial = database.read(projects::globalSerial);
        List<Long> recent = database
                .read(handle -> projects.journalSince(handle, Math.max(0, serial - GAP_WINDOW), Set.of(), GAP_WINDOW))
                .stream()
                .map(JournalEntry::serial)
                .toList();
        List<ProjectSummary> all = new ArrayList<>(database.read(projects::listProjects));
        all.sort(Comparator.comparing(ProjectSummary::normalizedName));
        List<List<ProjectSummary>> pieces = new ArrayList<>();
        for (int i = 0; i < all.size(); i += chunkSize) {
            pieces.add(all.subList(i, Math.min(all.size(), i + chunkSize)));
        }
        List<Chunk> rendered = pieces.parallelStream().map(this::chunk).toList();
        NavigableMap<String, Chunk> chunks = new TreeMap<>();
        for (int i = 0; i < rendered.size(); i++) {
            chunks.put(i == 0 ? "" : rendered.get(i).entries().firstKey(), rendered.get(i));
        }
        Map<Long, Long> gaps = new HashMap<>();
        long now = System.nanoTime();
        long expected = Math.max(1, serial - GAP_WINDOW + 1);
        for (long id : recent) {
            for (long missing = expected; missing < id && id <= serial; missing++) {
                gaps.put(missing, now);
            }
            expected = id + 1;
        }
        return snapshot(serial, gaps, chunks);
    }

    private Snapshot advance(Snapshot previous) {
        List<JournalEntry> rows = database.read(handle ->
                projects.journalSince(handle, previous.serial(), previous.gaps().keySet(), MAX_INCREMENT + 1));
        if (rows.size() > MAX_INCREMENT) {
            return fullBuild();
        }
        long now = System.nanoTime();
        Map<Long, Long> gaps = new HashMap<>(previous.gaps());
        long serial = previous.serial();
        Set<String> changed = new TreeSet<>();
        for (JournalEntry row : rows) {
            changed.add(row.projectName());
            gaps.remove(row.serial());
            if (row.serial() > serial) {
                for (long missing = serial + 1; missing < row.serial() && gaps.size() < MAX_GAPS; missing++) {
                    gaps.put(missing, now);
                }
                serial = row.serial();
            }
        }
        gaps.values().removeIf(seen -> now - seen > TimeUnit.SECONDS.toNanos(GAP_WAIT_SECONDS));
        if (changed.isEmpty()) {
            return new Snapshot(serial, Map.copyOf(gaps), previous.chunks(), previous.html(), previous.json());
        }
        Map<String, ProjectSummary> listed = new HashMap<>();
        List<String> names = List.copyOf(changed);
        for (int i = 0; i < names.size(); i += NAMES_PER_QUERY) {
            List<String> batch = names.subList(i, Math.min(names.size(), i + NAMES_PER_QUERY));
            database.read(handle -> projects.listedProjects(handle, batch))
                    .forEach(p -> listed.put(p.normalizedName(), p));
        }
        return snapshot(serial, gaps, apply(previous.chunks(), changed, listed));
    }

    /** The chunks with each changed name put in (if listed) or taken out (if not), re-rendered. */
    private NavigableMap<String, Chunk> apply(
            NavigableMap<String, Chunk> before, Set<String> changed, Map<String, ProjectSummary> listed) {
        NavigableMap<String, Chunk> chunks = new TreeMap<>(before);
        Map<String, TreeMap<String, ProjectSummary>> touched = new LinkedHashMap<>();
        for (String name : changed) {
            String key =
                    chunks.isEmpty() ? "" : chunks.floorKey(name) != null ? chunks.floorKey(name) : chunks.firstKey();
            TreeMap<String, ProjectSummary> entries = touched.computeIfAbsent(
                    key,
                    k -> chunks.containsKey(k) ? new TreeMap<>(chunks.get(k).entries()) : new TreeMap<>());
            ProjectSummary summary = listed.get(name);
            if (summary == null) {
                entries.remove(name);
            } else {
                entries.put(name, summary);
            }
        }
        for (Map.Entry<String, TreeMap<String, ProjectSummary>> entry : touched.entrySet()) {
            chunks.remove(entry.getKey());
            List<ProjectSummary> entries = new ArrayList<>(entry.getValue().values());
            int pieces = entries.size() > 2 * chunkSize ? (entries.size() + chunkSize - 1) / chunkSize : 1;
            int size = (entries.size() + pieces - 1) / Math.max(1, pieces);
            for (int i = 0; i < entries.size(); i += size) {
                // The first piece keeps the chunk's bound; the others start at their first name.
                String key = i == 0 ? entry.getKey() : entries.get(i).normalizedName();
                chunks.put(key, chunk(entries.subList(i, Math.min(entries.size(), i + size))));
            }
        }
        return chunks;
    }

    private Chunk chunk(List<ProjectSummary> entries) {
        NavigableMap<String, ProjectSummary> map = new TreeMap<>();
        entries.forEach(e -> map.put(e.normalizedName(), e));
        return new Chunk(Collections.unmodifiableNavigableMap(map), renderer);
    }

    private Snapshot snapshot(long serial, Map<Long, Long> gaps, NavigableMap<String, Chunk> chunks) {
        List<Segment> html = new ArrayList<>(chunks.size() + 2);
        List<Segment> json = new ArrayList<>(2 * chunks.size() + 2);
        html.add(htmlHead);
        json.add(Segment.of(renderer.rootJsonHead(serial)));
        boolean first = true;
        for (Chunk chunk : chunks.values()) {
            html.add(chunk.html());
            json.add(chunk.json(first));
            first = false;
        }
        html.add(htmlTail);
        json.add(jsonTail);
        return new Snapshot(
                serial,
                Map.copyOf(gaps),
                Collections.unmodifiableNavigableMap(chunks),
                EncodedBody.of(html),
                EncodedBody.of(json));
    }
}
