package dev.wharf.mirror;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One upstream file being downloaded into a staging file, followed by any number of clients at once.
 *
 * <p>A follower is sent the bytes as they arrive, <em>except the last one</em>, which is held back
 * until the whole file has matched the sha256 the upstream published. A client therefore never
 * receives a complete response of bytes that fail the check: on a mismatch its connection is cut
 * short of its {@code Content-Length}, which every HTTP client reports as an error.
 */
final class Download {
    enum State {
        STARTING,
        RUNNING,
        DONE,
        FAILED
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Path staging;
    private FileChannel reader;
    private State state = State.STARTING;
    private OptionalLong total = OptionalLong.empty();
    private long written;
    private boolean verified;
    private RuntimeException failure;
    private MirrorFileRepository.StoredFile stored;
    private int followers;

    Download(Path staging) {
        this.staging = staging;
    }

    Path staging() {
        return staging;
    }

    // The downloading side.

    void started(OptionalLong length) throws IOException {
        lock.lock();
        try {
            reader = FileChannel.open(staging, StandardOpenOption.READ);
            total = length;
            state = State.RUNNING;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void progressed(long bytes) {
        lock.lock();
        try {
            written = bytes;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Every byte is there and matches the published hash: followers may have the last byte. */
    void verified() {
        lock.lock();
        try {
            verified = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void done(MirrorFileRepository.StoredFile file) {
        lock.lock();
        try {
            stored = file;
            state = State.DONE;
            changed.signalAll();
            closeIfUnused();
        } finally {
            lock.unlock();
        }
    }

    void failed(RuntimeException why) {
        lock.lock();
        try {
            failure = why;
            state = State.FAILED;
            changed.signalAll();
            closeIfUnused();
        } finally {
            lock.unlock();
        }
    }

    /** The failure, once the download has failed. */
    java.util.Optional<RuntimeException> failure() {
        lock.lock();
        try {
            return state == State.FAILED ? java.util.Optional.of(failure) : java.util.Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    // The following side.

    /** Waits until the download has its upstream's headers (or ended), and returns its state. */
    State awaitStart() throws InterruptedException {
        lock.lock();
        try {
            while (state == State.STARTING) {
                changed.await();
            }
            if (state == State.FAILED) {
                throw failure;
            }
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the end; returns the stored file or throws the failure. */
    MirrorFileRepository.StoredFile awaitStored() throws InterruptedException {
        lock.lock();
        try {
            while (state == State.STARTING || state == State.RUNNING) {
                changed.await();
            }
            if (state == State.FAILED) {
                throw failure;
            }
            return stored;
        } finally {
            lock.unlock();
        }
    }

    /** The length the upstream declared, known once {@link #awaitStart} returned. */
    OptionalLong length() {
        lock.lock();
        try {
            return total;
        } finally {
            lock.unlock();
        }
    }

    /** Registers a follower; false when the staging file is already gone (then read the stored blob). */
    boolean follow() {
        lock.lock();
        try {
            if (reader == null || !reader.isOpen()) {
                return false;
            }
            followers++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void unfollow() {
        lock.lock();
        try {
            followers--;
            closeIfUnused();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads up to {@code length} bytes at {@code position} into {@code buffer} once they are there,
     * blocking until they arrive; -1 at the end. The last byte of the file is only handed out once
     * the download is done (its hash checked); a failed download throws its failure.
     */
    int read(ByteBuffer buffer, long position) throws IOException, InterruptedException {
        long length = total.orElseThrow();
        if (position >= length) {
            return -1;
        }
        long available;
        lock.lock();
        try {
            while (true) {
                if (state == State.FAILED) {
                    throw failure;
                }
                long readable = state == State.DONE || verified ? written : Math.min(written, length - 1);
                if (readable > position) {
                    available = readable;
                    break;
                }
                if (state == State.DONE || verified) {
                    throw new IOException("the upstream file ended at " + written + " of " + length + " bytes");
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
        buffer.limit((int) Math.min(buffer.limit(), buffer.position() + (available - position)));
        int n = reader.read(buffer, position);
        if (n < 0) {
            throw new IOException("the staging file ended early");
        }
        return n;
    }

    private void closeIfUnused() {
        if (followers == 0 && (state == State.DONE || state == State.FAILED) && reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                // a read-only channel; nothing to flush
            }
        }
    }
}
