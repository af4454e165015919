package dev.wharf.app;

import dev.wharf.projects.OrphanBlobs;
import dev.wharf.publishing.PublisherService;
import dev.wharf.publishing.oidc.JtiRepository;
import dev.wharf.storage.blob.StagingSweeper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic clean-up a running server does once a minute: used {@code jti}s past their retention,
 * expired pending publishers, Trusted Publishing tokens a day after they expired (pypi.org
 * deletes OIDC macaroons after a day too), and staging files of uploads that died without removing
 * them; and once an hour (first just after start) stored files that no catalogue row refers to
 * ({@link OrphanBlobs}). Every task is idempotent, so several nodes may run it.
 */
final class Maintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("wharf-maintenance").daemon(true).factory());

    /**
     * A live upload writes its staging file at least every 30 s (Jetty's idle timeout closes a
     * connection that sends nothing for longer) and then checks and stores it within seconds; a file
     * untouched for this long belongs to no upload.
     */
    static final Duration STAGING_GRACE = Duration.ofMinutes(15);

    /** Orphan blobs are looked for at the first run after start and then every this many runs (an hour). */
    static final int ORPHAN_EVERY = 60;

    Maintenance(JtiRepository jtis, PublisherService publishers, Path staging, OrphanBlobs orphans, Clock clock) {
        int[] runs = {0};
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        jtis.purgeExpired(clock.instant());
                        publishers.purgeExpiredPending();
                        publishers.purgeExpiredTokens();
                        int removed = StagingSweeper.sweep(staging, clock.instant(), STAGING_GRACE);
                        if (removed > 0) {
                            LOG.info("Removed {} staging files of uploads that ended without removing them", removed);
                        }
                        // Last: it lists every stored file, and a slow or failing bucket must not hold up the rest.
                        if (runs[0]++ % ORPHAN_EVERY == 0) {
                            int collected = orphans.collect(clock.instant(), OrphanBlobs.GRACE);
                            if (collected > 0) {
                                LOG.info(
                                        "Removed {} stored files that no catalogue row refers to (an upload interrupted between "
                                                + "storing its file and committing it)",
                                        collected);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("Maintenance run failed; it runs again in a minute: {}", e.getMessage());
                    }
                },
                1,
                60,
                TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
