package dev.wharf.mirror;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.indexes.MirrorIndex;
import dev.wharf.storage.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mirror's project pages: fetched from the upstream on first request, stored, served for the
 * mirror's TTL, then revalidated with the stored ETag / Last-Modified. Concurrent requests for a page
 * that must be fetched share one upstream request. When the upstream fails, a stored page is served
 * as it is (stale-if-error, with a warning in the log); a project never fetched answers the
 * upstream's failure (502/504). A 404 is stored for {@link #NEGATIVE_TTL}.
 */
public final class MirrorPages {
    static final Duration NEGATIVE_TTL = Duration.ofMinutes(1);
    /** How many upstream file entries the decoded pages in memory may hold (a few hundred bytes each). */
    static final long MEMORY_FILES = 200_000;

    private static final Logger LOG = LoggerFactory.getLogger(MirrorPages.class);

    private final Database database;
    private final MirrorPageRepository pages;
    private final UpstreamClient upstream;
    private final Clock clock;
    private final ConcurrentMap<String, CompletableFuture<CachedPage>> inFlight = new ConcurrentHashMap<>();
    /** Decoded pages by "index/project", weighed by their file count. */
    private final Cache<String, CachedPage> memory = Caffeine.newBuilder()
            .maximumWeight(MEMORY_FILES)
            .weigher((String key, CachedPage page) ->
                    1 + page.project().map(p -> p.files().size()).orElse(0))
            .build();

    MirrorPages(Database database, MirrorPageRepository pages, UpstreamClient upstream, Clock clock) {
        this.database = database;
        this.pages = pages;
        this.upstream = upstream;
        this.clock = clock;
    }

    /** The project as the mirror serves it now, or empty when the upstream does not have it. */
    public Optional<MirrorProject> project(MirrorIndex mirror, String normalizedName) {
        String index = mirror.name().value();
        String key = index + "/" + normalizedName;
        // Within its TTL a page is served from memory: no database read, no JSON decoding. Another node
        // may refresh it meanwhile; this copy is still one the TTL allows.
        CachedPage remembered = memory.getIfPresent(key);
        if (remembered == null || !fresh(mirror, remembered)) {
            Optional<CachedPage> stored = database.read(handle -> pages.find(handle, index, normalizedName));
            remembered = stored.filter(p -> fresh(mirror, p)).orElseGet(() -> refreshShared(mirror, normalizedName));
            memory.put(key, remembered);
        }
        CachedPage page = remembered;
        return page.project().map(project -> new MirrorProject(project, page.fetchedAt()));
    }

    /** A page and the moment it was fetched or confirmed: pages rendered from it are cached by that stamp. */
    public record MirrorProject(UpstreamProject project, Instant fetchedAt) {}

    private boolean fresh(MirrorIndex mirror, CachedPage page) {
        // A 404 is kept for NEGATIVE_TTL whatever the mirror's TTL, even 0: a client looping over a name the
        // upstream lacks (a typo, a private name) must not turn into one upstream request per request.
        Duration ttl = page.project().isPresent() ? mirror.ttl() : NEGATIVE_TTL;
        return page.fetchedAt().plus(ttl).isAfter(clock.instant());
    }

    private CachedPage refreshShared(MirrorIndex mirror, String normalizedName) {
        String key = mirror.name().value() + "/" + normalizedName;
        CompletableFuture<CachedPage> mine = new CompletableFuture<>();
        CompletableFuture<CachedPage> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            mine.complete(refresh(mirror, normalizedName));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            inFlight.remove(key, mine);
        }
        return await(mine);
    }

    private CachedPage refresh(MirrorIndex mirror, String normalizedName) {
        String index = mirror.name().value();
        Optional<CachedPage> cached = database.read(handle -> pages.find(handle, index, normalizedName));
        if (cached.isPresent() && fresh(mirror, cached.get())) {
            return cached.get(); // another node or request refreshed it meanwhile
        }
        Optional<CachedPage> stored = cached.filter(p -> p.project().isPresent());
        UpstreamClient.Validators validators = new UpstreamClient.Validators(
                stored.flatMap(CachedPage::etag), stored.flatMap(CachedPage::lastModified));
        UpstreamClient.PageAnswer answer;
        try {
            answer = upstream.page(mirror, normalizedName, validators);
        } catch (UpstreamException e) {
            if (stored.isPresent()) {
                LOG.warn(
                        "Serving the stored page of \"{}\" from mirror {} (fetched {}): {}",
                        normalizedName,
                        index,
                        stored.get().fetchedAt(),
                        e.getMessage());
                return stored.get();
            }
            throw e;
        }
        Instant now = clock.instant();
        CachedPage page = switch (answer) {
            case UpstreamClient.NotModified notModified
            when stored.isPresent() ->
                new CachedPage(
                        stored.get().project(),
                        stored.get().etag(),
                        stored.get().lastModified(),
                        now);
            case UpstreamClient.NotModified notModified ->
                throw UpstreamException.failed(
                        mirror.upstream().toString(), "it answered 304 to a request that was not conditional");
            case UpstreamClient.Missing missing ->
                new CachedPage(Optional.empty(), Optional.empty(), Optional.empty(), now);
            case UpstreamClient.Fetched fetched ->
                new CachedPage(Optional.of(fetched.project()), fetched.etag(), fetched.lastModified(), now);
        };
        if (answer instanceof UpstreamClient.NotModified) {
            database.writeVoid(handle -> pages.touch(handle, index, normalizedName, now));
        } else {
            database.writeVoid(handle -> pages.put(handle, index, normalizedName, page));
        }
        return page;
    }

    private static CachedPage await(CompletableFuture<CachedPage> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an upstream page", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
