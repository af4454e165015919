package dev.wharf.index.simple;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.http.DirectMemory;
import dev.wharf.http.EncodedBody;
import dev.wharf.index.IndexUrls;
import dev.wharf.index.IndexedFile;
import dev.wharf.index.IndexedProject;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectFile;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.storage.db.Database;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Serves simple-API pages from a cache keyed by (project, serial, format): a page is rendered and
 * encoded (identity, gzip, zstd) once per change of its project and the serial check is one indexed
 * lookup, so a warm request never touches the file rows and never compresses. Because the key
 * includes the serial read from the database, several Wharf nodes sharing one database never serve
 * a stale page. The root page is {@link RootIndex}'s, rebuilt by the chunk that changed.
 */
public final class SimpleIndex {
    /** Up to 256 MiB, and no more than a quarter of what direct buffers may take. */
    private static final long CACHE_BYTES = DirectMemory.share(0.25, 256L * 1024 * 1024);

    private final Database database;
    private final ProjectRepository projects;
    private final SimplePageRenderer renderer;
    private final RootIndex root;
    private final IndexUrls urls;
    private final Cache<CacheKey, RenderedPage> cache = Caffeine.newBuilder()
            .maximumWeight(CACHE_BYTES)
            .weigher((CacheKey key, RenderedPage page) -> weight(page.body()))
            .build();

    public SimpleIndex(Database database, ProjectRepository projects, IndexUrls urls) {
        this.database = database;
        this.projects = projects;
        this.urls = urls;
        this.renderer = new SimplePageRenderer(urls);
        this.root = new RootIndex(database, projects, renderer);
    }

    private record CacheKey(String project, long serial, SimpleFormat format) {}

    public RenderedPage root(SimpleFormat format) {
        return root.page(format);
    }

    /** Renders the root page now, so that the first request after a start does not wait for it. */
    public void warm() {
        root.warm();
    }

    /** The detail page, or empty for an unknown project (404). */
    public Optional<RenderedPage> project(String normalizedName, SimpleFormat format) {
        Optional<Project> project = database.read(handle -> projects.findProject(handle, normalizedName));
        if (project.isEmpty()) {
            return Optional.empty();
        }
        Project found = project.get();
        return Optional.of(cache.get(new CacheKey(normalizedName, found.lastSerial(), format), key -> {
            // PEP 792: a quarantined project shows its status and no files.
            List<ProjectFile> files = found.status().equals("quarantined")
                    ? List.of()
                    : database.read(handle -> projects.files(handle, found.id()));
            IndexedProject indexed = new IndexedProject(
                    normalizedName,
                    found.status(),
                    files.stream().map(f -> IndexedFile.hosted(f, urls)).toList(),
                    found.lastSerial());
            String body = format.isJson() ? renderer.projectJson(indexed) : renderer.projectHtml(indexed);
            return page(body, found.lastSerial(), format);
        }));
    }

    private static RenderedPage page(String body, long serial, SimpleFormat format) {
        return new RenderedPage(EncodedBody.of(body.getBytes(StandardCharsets.UTF_8)), serial, format);
    }

    private static int weight(EncodedBody body) {
        return (int) Math.min(Integer.MAX_VALUE, 128 + body.storedBytes());
    }
}
