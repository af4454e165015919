package dev.wharf.storage.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Group commit keeps each caller's own transaction semantics: while the committer is busy, the
 * callers that arrive queue up and then run as one transaction; when one of them fails, each ends
 * as a write of its own would have: the failing one with its exception, the others committed.
 */
class GroupCommitTest {
    private static final int WAITING = 12;

    @TempDir
    Path scratch;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void callersThatQueueWhileTheCommitterIsBusyShareOneTransaction(Dialect dialect) throws Exception {
        try (var test = TestDatabases.create(dialect, scratch);
                GroupCommit group = new GroupCommit(test.database())) {
            List<Future<Integer>> results = queueBehindABusyCommitter(group, n -> h -> {
                insertUser(h, "user" + n);
                return System.identityHashCode(h);
            });
            List<Integer> handles = new ArrayList<>();
            for (Future<Integer> result : results) {
                handles.add(result.get(10, TimeUnit.SECONDS));
            }
            assertThat(handles).hasSize(WAITING).allMatch(handles.getFirst()::equals);
            assertThat(usernames(test.database())).hasSize(WAITING + 1).contains("user0", "user11");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aFailingUnitEndsWithItsOwnExceptionAndTheOthersOfItsBatchCommit(Dialect dialect) throws Exception {
        try (var test = TestDatabases.create(dialect, scratch);
                GroupCommit group = new GroupCommit(test.database())) {
            test.database().writeVoid(h -> insertUser(h, "taken"));
            List<Future<Integer>> results = queueBehindABusyCommitter(group, n -> h -> {
                if (n == 3) {
                    insertUser(h, "taken"); // the unique key refuses it; on PostgreSQL the transaction is aborted
                }
                insertUser(h, "user" + n);
                if (n == 7) {
                    throw new IllegalStateException("unit 7 fails after its insert");
                }
                return n;
            });
            List<String> expected = new ArrayList<>(List.of("first", "taken"));
            for (int i = 0; i < WAITING; i++) {
                Future<Integer> result = results.get(i);
                if (i == 3) {
                    assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                            .isInstanceOf(ExecutionException.class)
                            .cause()
                            .isInstanceOf(org.jdbi.v3.core.statement.UnableToExecuteStatementException.class);
                } else if (i == 7) {
                    assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                            .isInstanceOf(ExecutionException.class)
                            .cause()
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessage("unit 7 fails after its insert");
                } else {
                    assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(i);
                    expected.add("user" + i);
                }
            }
            assertThat(usernames(test.database())).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aLoneCallerIsAPlainTransaction(Dialect dialect) {
        try (var test = TestDatabases.create(dialect, scratch)) {
            Database db = test.database();
            assertThatThrownBy(() -> db.writeGrouped(h -> {
                        insertUser(h, "alone");
                        throw new IllegalStateException("undo me");
                    }))
                    .hasMessage("undo me");
            String result = db.writeGrouped(h -> {
                insertUser(h, "kept");
                return "done";
            });
            assertThat(result).isEqualTo("done");
            assertThat(usernames(db)).containsExactly("kept");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void writesAfterCloseAreRefused(Dialect dialect) {
        try (var test = TestDatabases.create(dialect, scratch)) {
            GroupCommit group = new GroupCommit(test.database());
            int written = group.write(h -> 1);
            assertThat(written).isEqualTo(1);
            group.close();
            assertThatThrownBy(() -> group.write(h -> 2))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the database is closed");
        }
    }

    /** Before the fix the committer ended on an interrupt and every later caller waited forever. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    @org.junit.jupiter.api.Timeout(60)
    void anInterruptedCommitterGoesOnServingWrites(Dialect dialect) throws Exception {
        try (var test = TestDatabases.create(dialect, scratch);
                GroupCommit group = new GroupCommit(test.database())) {
            int first = group.write(h -> 1);
            assertThat(first).isEqualTo(1);
            Thread committer = group.committerThread();
            committer.interrupt();
            Thread.sleep(100);
            assertThat(committer.isAlive()).isTrue();
            int second = group.write(h -> 2);
            assertThat(second).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aGroupedWriteInsideAWriteIsRefusedAtOnceNotLeftWaiting(Dialect dialect) {
        try (var test = TestDatabases.create(dialect, scratch);
                GroupCommit group = new GroupCommit(test.database())) {
            Database db = test.database();
            if (dialect == Dialect.SQLITE) {
                assertThatThrownBy(() -> db.write(h -> group.write(h2 -> 1)))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("inside another write");
            }
            assertThatThrownBy(() -> group.write(h -> group.write(h2 -> 1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inside another write");
        }
    }

    /**
     * Holds the committer in a first unit (which inserts "first") until {@value #WAITING} more units
     * are queued, then lets it go, so the queued ones form the next batch.
     */
    private List<Future<Integer>> queueBehindABusyCommitter(
            GroupCommit group, IntFunction<HandleCallback<Integer, RuntimeException>> units) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(WAITING + 1);
        try {
            CountDownLatch firstIsRunning = new CountDownLatch(1);
            CountDownLatch releaseFirst = new CountDownLatch(1);
            Future<Integer> first = threads.submit(() -> group.write(h -> {
                insertUser(h, "first");
                firstIsRunning.countDown();
                await(releaseFirst);
                return 0;
            }));
            assertThat(firstIsRunning.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
                HandleCallback<Integer, RuntimeException> unit = units.apply(i);
                results.add(threads.submit(() -> group.write(unit)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (group.queued() < WAITING && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(group.queued()).isEqualTo(WAITING);
            releaseFirst.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (Future<Integer> result : results) {
                try {
                    result.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException expectedForFailingUnits) {
                    // the callers assert each outcome
                }
            }
            return results;
        } finally {
            threads.shutdown();
        }
    }

    private static List<String> usernames(Database db) {
        return db.read(h -> h.createQuery("SELECT username FROM users ORDER BY username")
                .mapTo(String.class)
                .list());
    }

    private static void insertUser(Handle h, String name) {
        h.createUpdate("INSERT INTO users (username, email, created_at) VALUES (:name, :email, 1)")
                .bind("name", name)
                .bind("email", name + "@example.org")
                .execute();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not release the first unit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
