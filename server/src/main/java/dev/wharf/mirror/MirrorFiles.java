package dev.wharf.mirror;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.config.WharfConfig.MirrorLimits;
import dev.wharf.distributions.FileDigests;
import dev.wharf.errors.StorageFull;
import dev.wharf.indexes.MirrorIndex;
import dev.wharf.storage.blob.BlobKey;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.db.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mirror's files: served from the blob store once stored; otherwise downloaded from the upstream
 * on first request, once however many clients ask at the same time ({@link Download} lets them all
 * follow the one download), checked against the sha256 the upstream's page published, stored under
 * its content address, and recorded. A file whose bytes do not match is deleted, never stored and
 * never completely sent. The download runs to its end even if every client leaves, so the next
 * request finds it stored.
 */
public final class MirrorFiles {
    /** The largest {@code .metadata} file taken from an upstream. */
    static final int MAX_METADATA_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(MirrorFiles.class);
    private static final String METADATA = ".metadata";
    static final java.time.Duration MISMATCH_MEMORY = java.time.Duration.ofMinutes(1);
    private static final int CHUNK = 1024 * 1024;
    private static final long FLUSH_NANOS = 50_000_000;
    static final String MISMATCH = "do not match the sha256 its page published";

    private final Database database;
    private final MirrorFileRepository files;
    private final BlobStore blobs;
    private final Path staging;
    private final UpstreamClient upstream;
    private final MirrorLimits limits;
    private final Clock clock;
    private final ConcurrentMap<String, Download> inFlight = new ConcurrentHashMap<>();
    /** Files whose bytes did not match their published hash, remembered for {@link #MISMATCH_MEMORY}. */
    private final Cache<String, UpstreamException> mismatches = Caffeine.newBuilder()
            .expireAfterWrite(MISMATCH_MEMORY)
            .maximumSize(10_000)
            .build();

    MirrorFiles(
            Database database,
            MirrorFileRepository files,
            BlobStore blobs,
            Path staging,
            UpstreamClient upstream,
            MirrorLimits limits,
            Clock clock) {
        this.database = database;
        this.files = files;
        this.blobs = blobs;
        this.staging = staging;
        this.upstream = upstream;
        this.limits = limits;
        this.clock = clock;
    }

    /** How a request for a file is answered: from the store, or by following a download. */
    public sealed interface Source {}

    /** The file is stored: serve it (ranges included) from the blob store. */
    public record Stored(BlobKey key, long size, String sha256) implements Source {}

    /** The file is arriving now; its length is known, so it is streamed as it arrives. */
    public final class Arriving implements Source {
        private final Download download;
        private final long size;
        private final String sha256;

        Arriving(Download download, long size, String sha256) {
            this.download = download;
            this.size = size;
            this.sha256 = sha256;
        }

        public long size() {
            return size;
        }

        public String sha256() {
            return sha256;
        }

        /**
         * The file's bytes as they arrive. Reading throws before the last byte if the download
         * fails, so the client sees a response cut short of its length; closing ends the following.
         */
        public InputStream open() throws IOException {
            if (download.follow()) {
                return new Following(download);
            }
            // Stored already (the staging file is gone): read the blob.
            try {
                MirrorFileRepository.StoredFile stored = download.awaitStored();
                return blobs.open(stored.blobKey(), 0, stored.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a download");
            }
        }
    }

    /** An input stream over a download in progress. */
    private static final class Following extends InputStream {
        private final Download download;
        private long position;
        private boolean closed;

        Following(Download download) {
            this.download = download;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            try {
                int n = download.read(ByteBuffer.wrap(bytes, offset, length), position);
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while following a download");
            } catch (RuntimeException failed) {
                // The download failed (a hash mismatch, the upstream broke off): end this response short.
                throw new IOException(failed.getMessage(), failed);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                download.unfollow();
            }
        }
    }

    /**
     * The stored file, or a download to follow. With {@code waitForStore} (a range request, or an
     * upstream that declared no length), waits until the file is stored.
     */
    public Source file(MirrorIndex mirror, String project, UpstreamFile file, boolean waitForStore) {
        String index = mirror.name().value();
        Optional<MirrorFileRepository.StoredFile> stored = database.read(
                        handle -> files.find(handle, index, project, file.filename()))
                .filter(this::blobPresent);
        if (stored.isPresent() && stored.get().sha256().equals(file.sha256())) {
            return new Stored(stored.get().blobKey(), stored.get().size(), file.sha256());
        }
        if (stored.isPresent()) {
            // The upstream now publishes other bytes under this name (it should never: PyPI forbids
            // reusing a file name). Serve what matches the page, fetched anew.
            LOG.warn("Mirror {}: {} now has another sha256 upstream; fetching it again", index, file.filename());
        }
        Download download = startOrJoin(mirror, project, file);
        try {
            Download.State state = download.awaitStart();
            if (!waitForStore
                    && state == Download.State.RUNNING
                    && download.length().isPresent()) {
                return new Arriving(download, download.length().getAsLong(), file.sha256());
            }
            MirrorFileRepository.StoredFile done = download.awaitStored();
            return new Stored(done.blobKey(), done.size(), done.sha256());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpstreamException.failed(mirror.upstream().toString(), "the request was interrupted");
        }
    }

    /** The PEP 658 metadata of a file the upstream serves it for, checked against its published hash. */
    public Stored metadata(MirrorIndex mirror, String project, UpstreamFile file) {
        String index = mirror.name().value();
        String name = file.filename() + METADATA;
        String expected = file.coreMetadataSha256().orElseThrow();
        Optional<MirrorFileRepository.StoredFile> stored = database.read(
                        handle -> files.find(handle, index, project, name))
                .filter(this::blobPresent);
        if (stored.isPresent() && stored.get().sha256().equals(expected)) {
            return new Stored(stored.get().blobKey(), stored.get().size(), expected);
        }
        byte[] bytes = upstream.small(mirror, java.net.URI.create(file.url() + METADATA), MAX_METADATA_BYTES);
        FileDigests digests = FileDigests.of(bytes);
        if (!digests.sha256().equals(expected)) {
            throw UpstreamException.failed(
                    mirror.upstream().toString(),
                    "the metadata of " + file.filename() + " does not match the sha256 its page published; not served");
        }
        BlobKey key = new BlobKey(BlobKey.forFile(expected, file.filename()).value() + METADATA);
        try {
            blobs.put(key, bytes);
        } catch (IOException e) {
            throw storeFailure(e);
        }
        database.writeVoid(handle ->
                files.insert(handle, index, project, name, expected, expected, bytes.length, key, clock.instant()));
        return new Stored(key, bytes.length, expected);
    }

    private Download startOrJoin(MirrorIndex mirror, String project, UpstreamFile file) {
        String key = mirror.name().value() + "/" + project + "/" + file.filename() + "#" + file.sha256();
        UpstreamException mismatch = mismatches.getIfPresent(key);
        if (mismatch != null) {
            // Fetched moments ago and its bytes did not match: answer that at once, without another
            // download that would again be cut short in front of the client.
            throw mismatch;
        }
        Download fresh = new Download(staging.resolve("mirror-" + UUID.randomUUID() + ".part"));
        Download running = inFlight.putIfAbsent(key, fresh);
        if (running != null) {
            return running;
        }
        Thread.ofVirtual().name("mirror-download").start(() -> {
            try {
                run(fresh, mirror, project, file);
                fresh.failure()
                        .filter(e -> !isMismatch(e)) // logged with both hashes where it was found
                        .ifPresent(e -> LOG.warn(
                                "Mirror {}: the download of {} failed: {}",
                                mirror.name(),
                                file.filename(),
                                e.getMessage()));
                fresh.failure()
                        .filter(MirrorFiles::isMismatch)
                        .ifPresent(e -> mismatches.put(key, (UpstreamException) e));
            } finally {
                inFlight.remove(key, fresh);
            }
        });
        return fresh;
    }

    private void run(Download download, MirrorIndex mirror, String project, UpstreamFile file) {
        String index = mirror.name().value();
        String upstreamName = mirror.upstream().toString();
        long started = System.nanoTime();
        try {
            // A request that looked before this download began may find it stored by the last one.
            Optional<MirrorFileRepository.StoredFile> already = database.read(
                            handle -> files.find(handle, index, project, file.filename()))
                    .filter(this::blobPresent);
            if (already.isPresent() && already.get().sha256().equals(file.sha256())) {
                download.done(already.get());
                return;
            }
            download.done(fetch(download, mirror, project, file));
        } catch (UpstreamException e) {
            download.failed(e);
        } catch (InterruptedException | IOException e) {
            download.failed(failure(e, System.nanoTime() - started, upstreamName, file.filename()));
        } catch (RuntimeException e) {
            LOG.error("Mirror {}: storing {} failed", index, file.filename(), e);
            download.failed(e);
        } finally {
            try {
                Files.deleteIfExists(download.staging());
            } catch (IOException e) {
                LOG.warn("Could not delete {}: {}", download.staging(), e.getMessage());
            }
        }
    }

    private MirrorFileRepository.StoredFile fetch(
            Download download, MirrorIndex mirror, String project, UpstreamFile file)
            throws IOException, InterruptedException {
        String upstreamName = mirror.upstream().toString();
        UpstreamClient.FileBody body = upstream.file(mirror, file.url());
        try (InputStream in = body.body();
                FileChannel out =
                        FileChannel.open(download.staging(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OptionalLong declared = body.length();
            if (declared.isPresent()
                    && file.size().isPresent()
                    && declared.getAsLong() != file.size().getAsLong()) {
                throw UpstreamException.failed(
                        upstreamName,
                        file.filename() + " is " + declared.getAsLong() + " bytes but its page says "
                                + file.size().getAsLong());
            }
            download.started(declared);
            // SHA-256 alone: it is the hash to check and the blob's address (see mirror_files).
            MessageDigest digester = sha256();
            // The HTTP client hands over the body in 16 KiB pieces. Gathering up to 1 MiB before each
            // hash, write and wake-up of the followers saves most of those calls; a slow upstream's
            // bytes still go on within FLUSH_NANOS, so followers (pip waits 15 s) are never starved.
            byte[] buffer = new byte[CHUNK];
            long total = 0;
            int filled = 0;
            long flushed = System.nanoTime();
            while (true) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n > 0) {
                    filled += n;
                    total += n;
                    if (total > limits.maxFileBytes() || (declared.isPresent() && total > declared.getAsLong())) {
                        throw UpstreamException.failed(
                                upstreamName,
                                file.filename() + " is larger than declared or than mirror.max-file-size");
                    }
                }
                boolean end = n < 0;
                if (filled > 0 && (end || filled == buffer.length || System.nanoTime() - flushed > FLUSH_NANOS)) {
                    digester.update(buffer, 0, filled);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, filled);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    download.progressed(total);
                    filled = 0;
                    flushed = System.nanoTime();
                }
                if (end) {
                    break;
                }
            }
            if (declared.isPresent() && total != declared.getAsLong()) {
                throw UpstreamException.failed(
                        upstreamName,
                        file.filename() + " ended after " + total + " of " + declared.getAsLong() + " bytes");
            }
            String sha256 = HexFormat.of().formatHex(digester.digest());
            if (!sha256.equals(file.sha256())) {
                LOG.warn(
                        "Mirror {}: {} from {} has sha256 {} but its page published {}; discarded",
                        mirror.name(),
                        file.filename(),
                        upstreamName,
                        sha256,
                        file.sha256());
                throw UpstreamException.failed(
                        upstreamName,
                        "the bytes of " + file.filename() + " " + MISMATCH + "; not served and not stored");
            }
            // The client may have its last byte now; storing (the blob store forces it to disk) follows.
            download.verified();
            BlobKey key = BlobKey.forFile(sha256, file.filename());
            long size = total;
            // Stored under its content address, then recorded: a crash between the two leaves an
            // unreferenced blob that the orphan collector removes, never a row without its bytes.
            blobs.put(key, download.staging());
            Instant now = clock.instant();
            database.writeVoid(handle -> files.insert(
                    handle, mirror.name().value(), project, file.filename(), sha256, sha256, size, key, now));
            return new MirrorFileRepository.StoredFile(sha256, size, key);
        }
    }

    /** What a download that threw {@code e} failed of: a timeout, the upstream, or our disk. */
    private RuntimeException failure(Exception e, long elapsedNanos, String upstream, String filename) {
        if (UpstreamClient.timedOut(e)) {
            return UpstreamException.timedOut(
                    upstream,
                    elapsedNanos > limits.fileTimeout().toNanos()
                            ? filename + " took longer than "
                                    + limits.fileTimeout().toMinutes() + " min"
                            : filename + " sent no byte for "
                                    + limits.idleTimeout().toSeconds() + " s");
        }
        if (e instanceof IOException io && StorageFull.causedBy(io)) {
            return storeFailure(io);
        }
        return UpstreamException.failed(upstream, filename + ": " + UpstreamClient.describe(e));
    }

    /**
     * Whether a recorded file's blob is really there: a store restored without its files, or a blob
     * removed by hand, must mean "fetch it again", not a failure on every request.
     */
    private boolean blobPresent(MirrorFileRepository.StoredFile file) {
        try {
            if (blobs.size(file.blobKey()).isPresent()) {
                return true;
            }
            LOG.warn("Mirror file {} is recorded but missing from the store; fetching it again", file.blobKey());
            return false;
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    private static boolean isMismatch(RuntimeException failure) {
        return failure instanceof UpstreamException && failure.getMessage().contains(MISMATCH);
    }

    private static RuntimeException storeFailure(IOException e) {
        if (StorageFull.causedBy(e)) {
            return new dev.wharf.errors.WharfException(
                    dev.wharf.errors.Refusal.INSUFFICIENT_STORAGE,
                    "The index has no space left to store this file; try again later, and tell its administrator");
        }
        return new java.io.UncheckedIOException(e);
    }
}
