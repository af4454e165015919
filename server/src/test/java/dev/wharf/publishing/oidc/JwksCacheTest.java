package dev.wharf.publishing.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wharf.testing.ManualClock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JwksCacheTest {
    private static final RSAKey K1 = TestIssuerServer.newKey("k1");
    private static final RSAKey K2 = TestIssuerServer.newKey("k2");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private TestIssuerServer server;
    private Issuer issuer;
    private JwksCache cache;

    @BeforeEach
    void start() throws Exception {
        server = new TestIssuerServer(K1);
        issuer = Issuer.custom(server.url(), IssuerKind.GITLAB, Optional.empty(), true);
        cache = new JwksCache(JwksCache.defaultHttpClient(), clock, Duration.ofMillis(800));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void fetchesThroughDiscoveryAndCachesWithoutExpiry() {
        assertThat(cache.key(issuer, "k1"))
                .hasValueSatisfying(k -> assertThat(k.getModulus()).isEqualTo(K1.getModulus()));
        assertThat(server.discoveryRequests.get()).isEqualTo(1);
        assertThat(server.jwksRequests.get()).isEqualTo(1);
        clock.advance(Duration.ofDays(30));
        assertThat(cache.key(issuer, "k1")).isPresent();
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void returnsOnlyThePublicKey() {
        assertThat(cache.key(issuer, "k1"))
                .hasValueSatisfying(k -> assertThat(k.isPrivate()).isFalse());
    }

    @Test
    void unknownKidRefreshesOnceThenCoolsDown() {
        assertThat(cache.key(issuer, "k1")).isPresent();
        assertThat(cache.key(issuer, "nope")).isEmpty();
        // The first lookup fetched at T0, so "nope" is inside the cool-down: no request at all.
        assertThat(server.requests()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(60));
        assertThat(cache.key(issuer, "nope")).isEmpty();
        assertThat(server.discoveryRequests.get()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.key(issuer, "other")).isEmpty();
        assertThat(server.discoveryRequests.get()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.key(issuer, "other")).isEmpty();
        assertThat(server.discoveryRequests.get()).isEqualTo(3);
    }

    @Test
    void rotationIsPickedUpAfterTheCoolDown() {
        assertThat(cache.key(issuer, "k1")).isPresent();
        server.published = List.of(K2);
        assertThat(cache.key(issuer, "k2")).isEmpty(); // still cooling down
        clock.advance(Duration.ofSeconds(61));
        assertThat(cache.key(issuer, "k2")).isPresent();
        // The set is replaced whole: the dropped key is gone after the refresh.
        assertThat(cache.key(issuer, "k1")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestIssuerServer.Mode.class,
            names = {"GARBAGE", "HUGE", "ERROR_500", "SLOW", "JWKS_URI_ELSEWHERE", "EMPTY_KEYS"})
    void outageKeepsTheLastGoodKeys(TestIssuerServer.Mode mode) {
        assertThat(cache.key(issuer, "k1")).isPresent();
        server.mode = mode;
        clock.advance(Duration.ofSeconds(61));
        assertThat(cache.key(issuer, "k2")).isEmpty();
        assertThat(server.discoveryRequests.get()).isEqualTo(2); // a refresh was attempted
        assertThat(cache.key(issuer, "k1")).isPresent();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestIssuerServer.Mode.class,
            names = {"GARBAGE", "HUGE", "ERROR_500", "SLOW", "JWKS_URI_ELSEWHERE", "EMPTY_KEYS"})
    void aBrokenIssuerGivesNoKeyAndNoException(TestIssuerServer.Mode mode) {
        server.mode = mode;
        assertThat(cache.key(issuer, "k1")).isEmpty();
    }

    @Test
    void jwksUriOffLoopbackIsNotFetchedForAnInsecureIssuer() {
        server.mode = TestIssuerServer.Mode.JWKS_URI_ELSEWHERE;
        assertThat(cache.key(issuer, "k1")).isEmpty();
        assertThat(server.jwksRequests.get()).isZero();
    }

    @Test
    void failedFirstFetchStartsTheCoolDownToo() {
        server.mode = TestIssuerServer.Mode.ERROR_500;
        assertThat(cache.key(issuer, "k1")).isEmpty();
        server.mode = TestIssuerServer.Mode.OK;
        assertThat(cache.key(issuer, "k1")).isEmpty();
        assertThat(server.discoveryRequests.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(60));
        assertThat(cache.key(issuer, "k1")).isPresent();
    }

    @Test
    void unreachableIssuerGivesNoKey() {
        server.close();
        assertThat(cache.key(issuer, "k1")).isEmpty();
    }

    @Test
    void concurrentMissesForOneIssuerFetchOnce() throws Exception {
        server.delayMillis = 200;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<RSAKey>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> cache.key(issuer, "k1"));
            }
            for (Future<Optional<RSAKey>> result : pool.invokeAll(calls)) {
                assertThat(result.get()).isPresent();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.discoveryRequests.get()).isEqualTo(1);
        assertThat(server.jwksRequests.get()).isEqualTo(1);
    }

    @Test
    void pinnedKeysNeedNoNetwork() {
        String pinned = new JWKSet(K2).toPublicJWKSet().toString();
        Issuer offline =
                Issuer.custom("https://gitlab.internal.invalid", IssuerKind.GITLAB, Optional.of(pinned), false);
        // An HttpClient that would fail every request: the pinned path must not use it.
        JwksCache noNetwork = new JwksCache(
                HttpClient.newBuilder().proxy(new FailingProxySelector()).build(), clock);
        assertThat(noNetwork.key(offline, "k2")).isPresent();
        assertThat(noNetwork.key(offline, "k1")).isEmpty();
        assertThat(server.requests()).isZero();
    }

    @Test
    void emptyKidIsNeverLookedUp() {
        assertThat(cache.key(issuer, "")).isEmpty();
        assertThat(cache.key(issuer, null)).isEmpty();
        assertThat(server.requests()).isZero();
    }

    /** Routes every request nowhere, so any network use shows up as a failure. */
    private static final class FailingProxySelector extends java.net.ProxySelector {
        @Override
        public List<java.net.Proxy> select(java.net.URI uri) {
            throw new AssertionError("network used for " + uri);
        }

        @Override
        public void connectFailed(java.net.URI uri, java.net.SocketAddress sa, java.io.IOException ioe) {}
    }
}
