package dev.wharf.publishing.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.storage.db.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JtiRepositoryTest {
    private static final String GITHUB = IssuerKind.GITHUB.canonicalUrl();
    private static final Instant EXP = Instant.parse("2026-03-01T12:05:00Z");

    @TempDir
    Path scratch;

    private final List<TestDatabase> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(TestDatabase::close);
    }

    private JtiRepository store(Dialect dialect) {
        TestDatabase db = TestDatabases.create(dialect, scratch);
        open.add(db);
        return new JtiRepository(db.database());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void firstClaimWinsAndTheSecondIsAReplay(Dialect dialect) {
        JtiRepository store = store(dialect);
        assertThat(store.claim(GITHUB, "jti-1", EXP)).isTrue();
        assertThat(store.claim(GITHUB, "jti-1", EXP)).isFalse();
    }

    /**
     * The record is keyed by the token's expiry too (see JtiRepository): a replay presents the same
     * signed exp, so only a second token the issuer signed with the same jti could differ there.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theKeyIsTheTokensExpiryIssuerAndJti(Dialect dialect) {
        JtiRepository store = store(dialect);
        assertThat(store.claim(GITHUB, "jti-1", EXP)).isTrue();
        assertThat(store.claim(GITHUB, "jti-1", EXP.plusSeconds(600))).isTrue();
        assertThat(store.claim(GITHUB, "jti-1", EXP.plusSeconds(600))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theSameJtiFromAnotherIssuerIsAnotherToken(Dialect dialect) {
        JtiRepository store = store(dialect);
        assertThat(store.claim(GITHUB, "jti-1", EXP)).isTrue();
        assertThat(store.claim("https://gitlab.example.com", "jti-1", EXP)).isTrue();
        assertThat(store.claim(GITHUB, "JTI-1", EXP)).isTrue(); // exact, case-sensitive
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void purgeRemovesOnlyRecordsPastExpiryPlusMargin(Dialect dialect) {
        JtiRepository store = store(dialect);
        store.claim(GITHUB, "old", EXP);
        store.claim(GITHUB, "new", EXP.plusSeconds(3600));
        // Kept until exp + 35 s: the token could be accepted until exp + 30 s (leeway).
        assertThat(store.purgeExpired(EXP.plusSeconds(35))).isZero();
        assertThat(store.claim(GITHUB, "old", EXP)).isFalse();
        assertThat(store.purgeExpired(EXP.plusSeconds(36))).isEqualTo(1);
        assertThat(store.claim(GITHUB, "old", EXP)).isTrue();
        assertThat(store.claim(GITHUB, "new", EXP.plusSeconds(3600))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentClaimsOfOneJtiHaveExactlyOneWinner(Dialect dialect) throws Exception {
        JtiRepository store = store(dialect);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> {
                    start.await();
                    return store.claim(GITHUB, "raced", EXP);
                });
            }
            List<Future<Boolean>> results = new ArrayList<>();
            for (Callable<Boolean> call : calls) {
                results.add(pool.submit(call));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void twoStoresOnOneDatabaseShareTheRecord(Dialect dialect) {
        TestDatabase db = TestDatabases.create(dialect, scratch);
        open.add(db);
        // Two nodes of one deployment: two store instances, one database.
        assertThat(new JtiRepository(db.database()).claim(GITHUB, "shared", EXP))
                .isTrue();
        assertThat(new JtiRepository(db.database()).claim(GITHUB, "shared", EXP))
                .isFalse();
    }
}
