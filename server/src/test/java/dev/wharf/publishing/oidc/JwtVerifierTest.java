package dev.wharf.publishing.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.storage.db.TestDatabases.TestDatabase;
import dev.wharf.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtVerifierTest {
    private static final String AUDIENCE = "wharf.example.org";
    private static final RSAKey KEY = TestIssuerServer.newKey("key-1");
    private static final RSAKey OTHER_KEY = TestIssuerServer.newKey("key-1"); // same kid, other key
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path scratch;

    private final ManualClock clock = new ManualClock(T0);
    private TestIssuerServer server;
    private TestDatabase db;
    private IssuerRegistry registry;
    private JwtVerifier verifier;

    @BeforeEach
    void start() throws Exception {
        server = new TestIssuerServer(KEY);
        db = TestDatabases.sqlite(scratch);
        registry = new IssuerRegistry(db.database(), new IssuerRepository(Clock.systemUTC()), true);
        registry.add(server.url(), IssuerKind.GITHUB, Optional.empty());
        verifier = new JwtVerifier(
                registry, new JwksCache(JwksCache.defaultHttpClient(), clock, Duration.ofMillis(800)), AUDIENCE, clock);
    }

    @AfterEach
    void stop() {
        server.close();
        db.close();
    }

    /** Claims shaped like a real GitHub token (GitHub's OpenID Connect docs), valid at T0. */
    private Map<String, Object> claims() {
        long now = T0.getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", server.url());
        claims.put("aud", AUDIENCE);
        claims.put("sub", "repo:octo-org/octo-repo:environment:release");
        claims.put("jti", "89706ee3-4fbb-4661-a357-d12a78ffab58");
        claims.put("iat", now - 10);
        claims.put("nbf", now - 310);
        claims.put("exp", now + 290);
        claims.put("repository", "octo-org/octo-repo");
        claims.put("repository_owner_id", "131804563");
        claims.put("environment", "release");
        return claims;
    }

    private Map<String, Object> claimsWith(String name, Object value) {
        Map<String, Object> claims = claims();
        claims.put(name, value);
        return claims;
    }

    private Map<String, Object> claimsWithout(String name) {
        Map<String, Object> claims = claims();
        claims.remove(name);
        return claims;
    }

    private static String sign(Map<String, Object> claims) {
        return TestIssuerServer.sign(KEY, claims);
    }

    private MintRefusedException refusal(String token) {
        Throwable thrown = catchThrowable(() -> verifier.verify(token));
        assertThat(thrown).isInstanceOf(MintRefusedException.class);
        return (MintRefusedException) thrown;
    }

    private void assertInvalidToken(String token) {
        MintRefusedException refused = refusal(token);
        assertThat(refused.code()).isEqualTo("invalid-token");
        assertThat(refused.description()).isEqualTo("malformed or invalid token");
    }

    private void assertMalformed(String token) {
        MintRefusedException refused = refusal(token);
        assertThat(refused.code()).isEqualTo("invalid-payload");
        assertThat(refused.description()).isEqualTo("malformed JWT");
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    // --- accepted ---

    @Test
    void acceptsAValidToken() {
        VerifiedToken token = verifier.verify(sign(claims()));
        assertThat(token.issuer().url()).isEqualTo(server.url());
        assertThat(token.issuer().kind()).isEqualTo(IssuerKind.GITHUB);
        assertThat(token.string("repository")).hasValue("octo-org/octo-repo");
        assertThat(token.jti()).hasValue("89706ee3-4fbb-4661-a357-d12a78ffab58");
        assertThat(token.expiresAt()).isEqualTo(T0.plusSeconds(290));
    }

    @Test
    void acceptsATokenWithoutOptionalClaims() {
        Map<String, Object> claims = claims();
        claims.remove("nbf");
        claims.remove("sub");
        claims.remove("jti");
        VerifiedToken token = verifier.verify(sign(claims));
        assertThat(token.jti()).isEmpty();
    }

    @Test
    void acceptsTypJwtAndNoTyp() {
        JWSHeader typed = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("key-1")
                .type(JOSEObjectType.JWT)
                .build();
        assertThat(verifier.verify(TestIssuerServer.sign(typed, KEY, claims()))
                        .issuer()
                        .url())
                .isEqualTo(server.url());
        JWSHeader other = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("key-1")
                .type(new JOSEObjectType("x+jwt"))
                .build();
        assertThat(verifier.verify(TestIssuerServer.sign(other, KEY, claims()))
                        .issuer()
                        .url())
                .isEqualTo(server.url());
    }

    @Test
    void expiredWithinTheLeewayIsAccepted() {
        long now = T0.getEpochSecond();
        assertThat(verifier.verify(sign(claimsWith("exp", now - 29))).expiresAt())
                .isEqualTo(T0.minusSeconds(29));
    }

    @Test
    void issuedOrValidUpToTheLeewayAheadIsAccepted() {
        long now = T0.getEpochSecond();
        Map<String, Object> claims = claimsWith("iat", now + 30);
        claims.put("nbf", now + 30);
        assertThat(verifier.verify(sign(claims)).issuer().url()).isEqualTo(server.url());
    }

    @Test
    void fractionalTimesAreTruncated() {
        long now = T0.getEpochSecond();
        assertThat(verifier.verify(sign(claimsWith("exp", now + 10.9))).expiresAt())
                .isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void keyFetchedOnceForManyTokens() {
        verifier.verify(sign(claims()));
        verifier.verify(sign(claims()));
        assertThat(server.requests()).isEqualTo(2);
    }

    // --- stage 1: invalid-payload ---

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "a.b.c.d.e", "!!.??.**", "e30.e30.==", "....."})
    void notAJwsIsMalformed(String token) {
        assertMalformed(token);
    }

    @Test
    void nullIsMalformed() {
        assertMalformed(null);
    }

    @Test
    void tooLargeIsMalformedEvenIfSigned() {
        String token = sign(claimsWith("padding", "x".repeat(JwtVerifier.MAX_TOKEN_CHARS)));
        assertMalformed(token);
        assertThat(server.requests()).isZero();
    }

    @Test
    void payloadThatIsAJsonArrayIsMalformed() {
        assertMalformed(b64("{\"alg\":\"RS256\",\"kid\":\"key-1\"}") + "." + b64("[1,2]") + ".c2ln");
    }

    @Test
    void headerThatIsNotJsonIsMalformed() {
        assertMalformed(b64("not json") + "." + b64("{\"iss\":\"" + server.url() + "\"}") + ".c2ln");
    }

    @Test
    void deeplyNestedPayloadIsMalformedNotACrash() {
        String nested = "[".repeat(6000) + "]".repeat(6000);
        assertThat(catchThrowable(() ->
                        verifier.verify(b64("{\"alg\":\"RS256\"}") + "." + b64("{\"a\":" + nested + "}") + ".c2ln")))
                .isInstanceOf(MintRefusedException.class);
    }

    @Test
    void duplicateClaimNamesAreMalformed() {
        String payload = "{\"iss\":\"" + server.url() + "\",\"iss\":\"https://token.actions.githubusercontent.com\"}";
        assertMalformed(b64("{\"alg\":\"RS256\",\"kid\":\"key-1\"}") + "." + b64(payload) + ".c2ln");
    }

    @Test
    void missingIssIsMalformed() {
        assertMalformed(sign(claimsWithout("iss")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "42", "true", "[\"x\"]"})
    void issThatIsNotAStringIsMalformed(String iss) {
        String payload = "{\"iss\":" + iss + ",\"aud\":\"" + AUDIENCE + "\"}";
        assertMalformed(b64("{\"alg\":\"RS256\",\"kid\":\"key-1\"}") + "." + b64(payload) + ".c2ln");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "https://token.actions.githubusercontent.com.evil.example"})
    void unknownIssuerIsRefusedWithoutAnyFetch(String iss) {
        MintRefusedException refused = refusal(sign(claimsWith("iss", iss)));
        assertThat(refused.code()).isEqualTo("invalid-payload");
        assertThat(refused.description()).isEqualTo("unknown trusted publishing issuer");
        assertThat(server.requests()).isZero();
    }

    @Test
    void issWithATrailingSlashIsAnUnknownIssuer() {
        assertThat(refusal(sign(claimsWith("iss", server.url() + "/"))).description())
                .isEqualTo("unknown trusted publishing issuer");
    }

    @Test
    void issInOtherCaseIsAnUnknownIssuer() {
        assertThat(refusal(sign(claimsWith("iss", server.url().toUpperCase()))).description())
                .isEqualTo("unknown trusted publishing issuer");
    }

    // --- stage 2: header ---

    @Test
    void algNoneIsAnInvalidToken() {
        String token =
                b64("{\"alg\":\"none\",\"kid\":\"key-1\"}") + "." + b64(JSONObjectUtils.toJSONString(claims())) + ".";
        assertInvalidToken(token);
        assertThat(server.requests()).isZero();
    }

    @Test
    void rs256HeaderWithEmptySignatureIsAnInvalidToken() {
        String token =
                b64("{\"alg\":\"RS256\",\"kid\":\"key-1\"}") + "." + b64(JSONObjectUtils.toJSONString(claims())) + ".";
        assertInvalidToken(token);
    }

    @Test
    void hs256SignedWithThePublicKeyIsAnInvalidToken() throws JOSEException {
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(), new Payload(claims()));
        jws.sign(new MACSigner(KEY.toRSAPublicKey().getEncoded()));
        assertInvalidToken(jws.serialize());
        assertThat(server.requests()).isZero();
    }

    @Test
    void rs384IsAnInvalidToken() {
        assertInvalidToken(TestIssuerServer.sign(
                new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("key-1").build(), KEY, claims()));
    }

    @Test
    void ps256IsAnInvalidToken() {
        assertInvalidToken(TestIssuerServer.sign(
                new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("key-1").build(), KEY, claims()));
    }

    @Test
    void es256IsAnInvalidToken() throws JOSEException {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("key-1").generate();
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("key-1").build(), new Payload(claims()));
        jws.sign(new ECDSASigner(ec));
        assertInvalidToken(jws.serialize());
    }

    @Test
    void missingKidIsAnInvalidToken() {
        assertInvalidToken(TestIssuerServer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), KEY, claims()));
        assertThat(server.requests()).isZero();
    }

    @Test
    void unknownKidIsAnInvalidToken() {
        RSAKey stranger = TestIssuerServer.newKey("stranger");
        assertInvalidToken(TestIssuerServer.sign(stranger, claims()));
        assertThat(server.discoveryRequests.get()).isEqualTo(1);
    }

    @Test
    void unknownKidDoesNotRefetchWithinTheCoolDown() {
        verifier.verify(sign(claims()));
        RSAKey rotated = TestIssuerServer.newKey("key-2");
        server.published = List.of(KEY, rotated);
        assertInvalidToken(TestIssuerServer.sign(rotated, claims()));
        assertThat(server.discoveryRequests.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(61));
        // The same claims are still valid 61 s later (exp was T0 + 290).
        assertThat(verifier.verify(TestIssuerServer.sign(rotated, claims()))
                        .issuer()
                        .url())
                .isEqualTo(server.url());
        assertThat(server.discoveryRequests.get()).isEqualTo(2);
    }

    @Test
    void criticalHeaderIsAnInvalidToken() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("key-1")
                .customParam("wharf-ext", "x")
                .criticalParams(Set.of("wharf-ext"))
                .build();
        assertInvalidToken(TestIssuerServer.sign(header, KEY, claims()));
    }

    @Test
    void embeddedJwkHeaderIsIgnored() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("key-1")
                .jwk(OTHER_KEY.toPublicJWK())
                .build();
        assertInvalidToken(TestIssuerServer.sign(header, OTHER_KEY, claims()));
    }

    // --- stage 2: signature ---

    @Test
    void tokenSignedByAnotherKeyWithTheSameKidIsAnInvalidToken() {
        assertInvalidToken(TestIssuerServer.sign(OTHER_KEY, claims()));
    }

    @Test
    void tamperedPayloadIsAnInvalidToken() {
        String[] parts = sign(claims()).split("\\.");
        String forged = b64(JSONObjectUtils.toJSONString(claimsWith("repository", "evil/repo")));
        assertInvalidToken(parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void tamperedSignatureIsAnInvalidToken() {
        String token = sign(claims());
        char last = token.charAt(token.length() - 2);
        String tampered =
                token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        assertInvalidToken(tampered);
    }

    @Test
    void signatureOfAnotherTokenIsAnInvalidToken() {
        String[] good = sign(claims()).split("\\.");
        String[] other = sign(claimsWith("sub", "repo:x/y:ref:refs/heads/main")).split("\\.");
        assertInvalidToken(good[0] + "." + other[1] + "." + good[2]);
    }

    // --- stage 2: claims ---

    @ParameterizedTest
    @ValueSource(strings = {"aud", "exp", "iat"})
    void missingRequiredClaimIsAnInvalidToken(String claim) {
        assertInvalidToken(sign(claimsWithout(claim)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aud", "exp", "iat"})
    void nullRequiredClaimIsAnInvalidToken(String claim) {
        assertInvalidToken(sign(claimsWith(claim, null)));
    }

    @Test
    void audListOfOneIsAnInvalidToken() {
        assertInvalidToken(sign(claimsWith("aud", List.of(AUDIENCE))));
    }

    @Test
    void audListOfSeveralIsAnInvalidToken() {
        assertInvalidToken(sign(claimsWith("aud", List.of(AUDIENCE, "other"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"other.example.org", "WHARF.EXAMPLE.ORG", "wharf.example.org ", ""})
    void wrongAudIsAnInvalidToken(String aud) {
        assertInvalidToken(sign(claimsWith("aud", aud)));
    }

    @Test
    void expiredBeyondTheLeewayIsAnInvalidToken() {
        assertInvalidToken(sign(claimsWith("exp", T0.getEpochSecond() - 30)));
    }

    @Test
    void issuedInTheFutureBeyondTheLeewayIsAnInvalidToken() {
        assertInvalidToken(sign(claimsWith("iat", T0.getEpochSecond() + 31)));
    }

    @Test
    void notValidYetBeyondTheLeewayIsAnInvalidToken() {
        assertInvalidToken(sign(claimsWith("nbf", T0.getEpochSecond() + 31)));
    }

    @Test
    void theClockDecidesExpiry() {
        String token = sign(claims());
        clock.advance(Duration.ofSeconds(290 + 30));
        assertInvalidToken(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "iat", "nbf"})
    void timeAsAStringIsAnInvalidToken(String claim) {
        // PyJWT's int() would take "1772366400"; Wharf wants the JSON number RFC 7519 §2 defines.
        assertInvalidToken(sign(claimsWith(claim, String.valueOf(T0.getEpochSecond()))));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1L, 253_402_300_800L})
    void timeOutOfRangeIsAnInvalidToken(long exp) {
        assertInvalidToken(sign(claimsWith("exp", exp)));
    }

    @Test
    void nonStringSubIsAnInvalidToken() {
        assertInvalidToken(sign(claimsWith("sub", 42)));
    }

    @Test
    void nonStringJtiIsAnInvalidToken() {
        assertInvalidToken(sign(claimsWith("jti", List.of("a"))));
    }

    @Test
    void overlongJtiIsAnInvalidToken() {
        assertInvalidToken(sign(claimsWith("jti", "j".repeat(JwtVerifier.MAX_JTI_CHARS + 1))));
    }

    // --- issuers and their servers ---

    @Test
    void pinnedKeysVerifyWithoutAnyNetwork() {
        String pinnedUrl = "https://ghes.internal.invalid/_services/token";
        registry.add(
                pinnedUrl,
                IssuerKind.GITHUB,
                Optional.of(new JWKSet(KEY).toPublicJWKSet().toString()));
        VerifiedToken token = verifier.verify(sign(claimsWith("iss", pinnedUrl)));
        assertThat(token.issuer().url()).isEqualTo(pinnedUrl);
        assertThat(token.issuer().pinnedJwks()).isPresent();
        assertThat(server.requests()).isZero();
    }

    @Test
    void issuerThatDoesNotAnswerGivesAnInvalidToken() {
        server.mode = TestIssuerServer.Mode.SLOW;
        assertInvalidToken(sign(claims()));
    }

    @Test
    void issuerAnsweringGarbageGivesAnInvalidToken() {
        server.mode = TestIssuerServer.Mode.GARBAGE;
        assertInvalidToken(sign(claims()));
    }

    @Test
    void issuerAnsweringAHugeBodyGivesAnInvalidToken() {
        server.mode = TestIssuerServer.Mode.HUGE;
        assertInvalidToken(sign(claims()));
    }

    @Test
    void issuerAnswering500GivesAnInvalidToken() {
        server.mode = TestIssuerServer.Mode.ERROR_500;
        assertInvalidToken(sign(claims()));
    }

    @Test
    void unreachableIssuerGivesAnInvalidToken() {
        server.close();
        assertInvalidToken(sign(claims()));
    }

    @Test
    void removedIssuerIsUnknown() throws Exception {
        registry.remove(server.url());
        assertThat(refusal(sign(claims())).description()).isEqualTo("unknown trusted publishing issuer");
    }

    @Test
    void builtInIssuerResolvesAndNeedsItsRealKeys() {
        // github.com's real keys do not hold our kid, and the test must not reach the internet:
        // a verifier whose cache cannot connect gives invalid-token, proving the issuer resolved.
        JwtVerifier offline = new JwtVerifier(
                registry,
                new JwksCache(
                        java.net.http.HttpClient.newBuilder()
                                .proxy(java.net.ProxySelector.of(new java.net.InetSocketAddress("127.0.0.1", 9)))
                                .build(),
                        clock,
                        Duration.ofMillis(500)),
                AUDIENCE,
                clock);
        Throwable thrown =
                catchThrowable(() -> offline.verify(sign(claimsWith("iss", IssuerKind.GITHUB.canonicalUrl()))));
        assertThat(thrown).isInstanceOf(MintRefusedException.class);
        assertThat(((MintRefusedException) thrown).code()).isEqualTo("invalid-token");
    }

    @Test
    void blankAudienceIsRefusedAtConstruction() {
        assertThat(catchThrowable(() ->
                        new JwtVerifier(registry, new JwksCache(JwksCache.defaultHttpClient(), clock), " ", clock)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
