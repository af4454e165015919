package dev.wharf.index.simple;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.index.IndexUrls;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectFile;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.projects.ProjectSummary;
import dev.wharf.storage.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Serves simple-API pages from a cache keyed by (project, serial, format): a page is rendered once
 * per change of its project and the serial check is one indexed lookup, so a warm request never
 * touches the file rows. Because the key includes the serial read from the database, several Wharf
 * nodes sharing one database never serve a stale page.
 */
public final class SimpleIndex {
    private static final long CACHE_BYTES = 256L * 1024 * 1024;

    private final Database database;
    private final ProjectRepository projects;
    private final SimplePageRenderer renderer;
    private final Cache<CacheKey, RenderedPage> cache = Caffeine.newBuilder()
            .maximumWeight(CACHE_BYTES)
            .weigher((CacheKey key, RenderedPage page) -> page.body().length + 128)
            .build();

    public SimpleIndex(Database database, ProjectRepository projects, IndexUrls urls) {
        this.database = database;
        this.projects = projects;
        this.renderer = new SimplePageRenderer(urls);
    }

    private record CacheKey(String project, long serial, SimpleFormat format) {
    }

    public RenderedPage root(SimpleFormat format) {
        long serial = database.read(projects::globalSerial);
        return cache.get(new CacheKey("", serial, format), key -> {
            List<ProjectSummary> list = database.read(projects::listProjects);
            String body = format.isJson() ? renderer.rootJson(list, serial) : renderer.rootHtml(list);
            return page(body, serial, format);
        });
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
                    ? List.of() : database.read(handle -> projects.files(handle, found.id()));
            String body = format.isJson()
                    ? renderer.projectJson(normalizedName, found.status(), files, found.lastSerial())
                    : renderer.projectHtml(normalizedName, found.status(), files, found.lastSerial());
            return page(body, found.lastSerial(), format);
        }));
    }

    private static RenderedPage page(String body, long serial, SimpleFormat format) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new RenderedPage(bytes, "\"" + sha256(bytes).substring(0, 32) + "\"", serial, format);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
