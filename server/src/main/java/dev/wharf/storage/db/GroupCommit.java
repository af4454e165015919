package dev.wharf.storage.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: small, independent writes from concurrent callers share one transaction and so one
 * commit, while each caller keeps the semantics of its own {@link Database#write}: its work is
 * committed before it returns, and a failure (an exception from its work) undoes its work only.
 *
 * <p>Why: on SQLite every write is serialized, and a transaction's fixed cost (BEGIN IMMEDIATE, the
 * commit's WAL frames, lock traffic, a pooled connection) is about half of a short write; measured
 * on a 2-core VM, three small INSERTs committed one exchange at a time cost ~90 µs, eight exchanges
 * per commit ~50 µs each. When many CI jobs exchange tokens at once they queue for the writer
 * anyway; taking them together pays the fixed cost once per batch. (PostgreSQL does not need it:
 * its concurrent transactions run side by side and share WAL flushes; {@link Database#writeGrouped}
 * sends them straight to {@link Database#write}.)
 *
 * <p>How: callers queue their unit and wait; one committer thread takes everything queued (up to
 * {@value #MAX_BATCH} units) and runs it in one transaction. The thread is what makes batches form:
 * with callers taking turns at a lock instead, each turn began with waking a parked thread, the
 * writer stood idle for that long, and batches stayed at one or two units. A batch of one runs like
 * a plain write. A larger batch runs its units one after the other in one transaction; if one of
 * them throws, the transaction is rolled back, the others run again as a batch without it, and it
 * runs alone, so each caller ends as a plain write would have ended it: the failing unit with its
 * own exception, the others committed. If the transaction fails on its own (begin, commit, a lost
 * connection), every unit of the batch gets that failure and none is replayed.
 *
 * <p>Hence the contract for units: use only the handle given; depend on nothing but the database's
 * state, since a unit may run a second time after its batch was rolled back; register no
 * {@link Handle#afterCommit} callbacks, which a rolled-back batch would leave behind. A write
 * started from inside another write (or from a unit) is refused at once, as it would wait for the
 * writer its own thread holds.
 */
final class GroupCommit implements AutoCloseable {
    /** Bounds a batch's transaction (and how long the SQLite writer is held) under a flood. */
    static final int MAX_BATCH = 64;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** Queued last by {@link #close}: the committer runs what came before it, then stops. */
    private static final Unit<Void> STOP = new Unit<>(handle -> null);

    private final Database database;
    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private Thread committer;
    private boolean closed;

    GroupCommit(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    <T> T write(HandleCallback<T, RuntimeException> work) {
        Objects.requireNonNull(work, "work");
        if (Thread.currentThread() == committerThread() || database.holdsWriteLock()) {
            // From inside a write (or a unit) this would wait for the writer its own thread holds.
            throw new IllegalStateException("a write cannot start inside another write; use the handle you have");
        }
        Unit<T> unit = new Unit<>(work);
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the database is closed");
            }
            if (committer == null) {
                committer = Thread.ofPlatform()
                        .name("wharf-group-commit")
                        .daemon(true)
                        .start(this::commitLoop);
            }
            queue.add(unit);
        }
        try {
            return unit.result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** The committer thread, once started (for tests). */
    Thread committerThread() {
        synchronized (lifecycle) {
            return committer;
        }
    }

    private boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    /** Units waiting for a batch (a gauge for tests and diagnostics). */
    int queued() {
        return queue.size();
    }

    private void commitLoop() {
        List<Unit<?>> batch = new ArrayList<>(MAX_BATCH);
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    runBatch(batch);
                }
            } catch (InterruptedException e) {
                if (isClosed()) {
                    failAll(batch, new IllegalStateException("the database is closed"));
                    return;
                }
                // Only close() may stop the committer: callers queued later would otherwise wait forever.
                LOG.warn("The group-commit thread was interrupted; it goes on");
                failAll(batch, new IllegalStateException("the write was interrupted"));
            } catch (Throwable unexpected) {
                // Never leave a caller waiting: whatever went wrong ends every unit of this batch.
                LOG.error("Group commit batch failed unexpectedly", unexpected);
                failAll(batch, new IllegalStateException("the write could not be committed", unexpected));
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(List<Unit<?>> batch) {
        if (batch.size() == 1) {
            batch.getFirst().runAlone(database);
            return;
        }
        try {
            database.write(handle -> {
                for (Unit<?> unit : batch) {
                    try {
                        unit.runShared(handle);
                    } catch (RuntimeException failure) {
                        throw new UnitFailed(unit, failure);
                    }
                }
                return null;
            });
        } catch (UnitFailed failed) {
            // A unit threw, so the transaction rolled back and nothing of the batch is stored. The
            // others run again as a batch without it, then it runs alone and ends as its own
            // transaction would (a replayed token: "already used" once the first use has committed).
            // Each round drops a failing unit, so a flood of bad units cannot multiply the work.
            List<Unit<?>> others = new ArrayList<>(batch);
            others.remove(failed.unit);
            runBatch(others);
            failed.unit.runAlone(database);
            return;
        } catch (RuntimeException failure) {
            // Begin, commit or the connection failed: no unit is to blame and nothing is replayed (with
            // sqlite-jdbc a failure can even come after the commit, so a replay could apply work twice).
            failAll(batch, failure);
            return;
        }
        batch.forEach(Unit::committed);
    }

    /** Carries the unit that threw out of the batch's transaction. */
    private static final class UnitFailed extends RuntimeException {
        private final transient Unit<?> unit;

        UnitFailed(Unit<?> unit, RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.unit = unit;
        }
    }

    private static void failAll(List<Unit<?>> batch, RuntimeException failure) {
        batch.forEach(unit -> unit.failed(failure));
    }

    /** Lets queued units finish, then stops the committer; later writes are refused. */
    @Override
    public void close() {
        Thread thread;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            thread = committer;
            if (thread != null) {
                queue.add(STOP);
            }
        }
        if (thread == null) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        List<Unit<?>> left = new ArrayList<>();
        queue.drainTo(left);
        left.remove(STOP);
        failAll(left, new IllegalStateException("the database is closed"));
    }

    /** One caller's work and, once it ran, its outcome. */
    private static final class Unit<T> {
        private final HandleCallback<T, RuntimeException> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private T value;

        Unit(HandleCallback<T, RuntimeException> work) {
            this.work = work;
        }

        void runAlone(Database database) {
            try {
                result.complete(database.write(work));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        void runShared(Handle handle) {
            value = work.withHandle(handle);
        }

        void committed() {
            result.complete(value);
        }

        /** The unit cannot run: the database closed, or the committer failed unexpectedly. */
        void failed(RuntimeException batchFailure) {
            result.completeExceptionally(batchFailure);
        }
    }
}
