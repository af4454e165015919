package dev.wharf.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.wharf.publishing.MintedExchange;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Trusted Publishing exchanges per second ({@code MintService.mint}: body parse, RS256 verification
 * against the issuer's pinned key, claim checks, publisher lookup, {@code jti} claim, API token
 * minting and the {@code oidc:mint} event in one transaction) on SQLite and on PostgreSQL, against
 * the bare RS256 signature check that every exchange contains, measured in the same run on tokens of
 * the same issuer and shape. The ratio mint/raw says how much the exchange costs beyond the one
 * cryptographic operation no implementation can avoid.
 *
 * <p>Every exchange spends a token never seen before (see {@link MintFixture}), so the replay
 * check's insert and its unique-key probe are measured, not skipped. The raw check may reuse its
 * tokens: nimbus keeps no state between verifications.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// 20 s of warm-up: the exchange runs far more code than the raw check, and on a 2-core Intel VM C2
// was still compiling it after 2 x 2 s, taking a quarter of the CPU during the measurement (thread
// CPU times of the fork: C2 3.0 s of 11.7 s in a 6 s window after 2 x 2 s of warm-up, 0.1 s of
// 9.4 s after 4 x 5 s), which halved mintSqlite at 32 threads; the raw check was unaffected.
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 3, time = 3)
// A fixed 4 GiB heap for every benchmark of the run: the exchange benchmarks hold a pool of 450,000
// signed tokens (~1.5 GiB live), which on a heap left to grow from its small default start kept G1
// marking concurrently all through the measurement, a cost of the harness, not of the exchange.
@Fork(
        value = 1,
        jvmArgs = {"-Xms4g", "-Xmx4g"})
@Threads(2)
public class MintBenchmark {

    /** Tokens for the raw signature check, cycled; 1,000 defeats no cache because nimbus has none. */
    @State(Scope.Benchmark)
    public static class RawState {
        MintFixture fixture;
        RSAPublicKey publicKey;
        final AtomicInteger next = new AtomicInteger();

        @Setup(Level.Trial)
        public void setUp() {
            fixture = MintFixture.sqlite(1_000);
            publicKey = fixture.publicKey();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            fixture.close();
        }
    }

    /** Shared by the exchange benchmarks: how many distinct tokens to sign before measuring. */
    @State(Scope.Benchmark)
    public abstract static class ExchangeState {
        /**
         * Must exceed every exchange of the trial (warm-up included); the default covers about
         * 15,000 exchanges/s for the default 29 s. A run that uses them all up fails, it never reuses one.
         */
        @Param("450000")
        public int pool;

        MintFixture fixture;

        abstract MintFixture open(int poolSize);

        @Setup(Level.Trial)
        public void setUp() {
            long start = System.nanoTime();
            fixture = open(pool);
            System.out.printf(
                    "%n[mint] %s: data directory and %,d tokens ready in %.1f s%n",
                    getClass().getSimpleName(), pool, (System.nanoTime() - start) / 1e9);
            fixture.checkReplayIsRefused();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            // One oidc_jti row per exchange (the replay check's token included) shows replay protection
            // did its insert every time; printed so the run's log records it.
            long rows = fixture.usedJtiCount();
            int handedOut = fixture.tokensHandedOut();
            System.out.printf(
                    "%n[mint] %s: %,d distinct tokens exchanged, %,d oidc_jti rows, %,d of the pool unused%n",
                    getClass().getSimpleName(), handedOut, rows, pool - handedOut);
            fixture.close();
            if (rows != handedOut) {
                throw new IllegalStateException(
                        "expected one oidc_jti row per exchange: " + handedOut + " tokens, " + rows + " rows");
            }
        }
    }

    @State(Scope.Benchmark)
    public static class SqliteState extends ExchangeState {
        @Override
        MintFixture open(int poolSize) {
            return MintFixture.sqlite(poolSize);
        }
    }

    @State(Scope.Benchmark)
    public static class PostgresState extends ExchangeState {
        @Override
        MintFixture open(int poolSize) {
            return MintFixture.postgres(poolSize);
        }
    }

    /** A {@link SqliteRowsFloor} per trial; {@code perCommit} 1 is a commit per exchange, 8 a batch of eight. */
    @State(Scope.Benchmark)
    public static class FloorState {
        @Param({"1", "8"})
        public int perCommit;

        SqliteRowsFloor floor;

        @Setup(Level.Trial)
        public void setUp() {
            floor = new SqliteRowsFloor(perCommit);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            floor.close();
        }
    }

    /**
     * The SQLite floor: only the three rows an exchange records, through bare sqlite-jdbc (see
     * {@link SqliteRowsFloor}); what no SQLite implementation of the exchange can go below here.
     */
    @Benchmark
    public void sqliteRowsOnly(FloorState state) throws java.sql.SQLException {
        state.floor.recordExchange();
    }

    /** The yardstick: parse a compact JWS and check its RS256 signature, nothing else. */
    @Benchmark
    public boolean rawRs256Verify(RawState state) throws ParseException, JOSEException {
        SignedJWT jwt = SignedJWT.parse(state.fixture.jwt(state.next.getAndIncrement()));
        if (!jwt.verify(new RSASSAVerifier(state.publicKey))) {
            throw new IllegalStateException("a token of the pool does not verify");
        }
        return true;
    }

    @Benchmark
    public MintedExchange mintSqlite(SqliteState state) {
        return state.fixture.mintService().mint(state.fixture.nextExchangeBody());
    }

    @Benchmark
    public MintedExchange mintPostgres(PostgresState state) {
        return state.fixture.mintService().mint(state.fixture.nextExchangeBody());
    }
}
