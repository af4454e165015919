package dev.wharf.publishing.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a CI job's OIDC ID token the way pypi.org's mint-token endpoint does
 * (warehouse {@code oidc/views.py} and {@code oidc/services.py}, which use PyJWT), with every check
 * written out.
 *
 * <p><b>Stage 1, before any key is touched</b> (failures: {@code invalid-payload}):
 * <table>
 *   <caption>Unverified decoding</caption>
 *   <tr><th>Input</th><th>Rule</th><th>Description on failure</th></tr>
 *   <tr><td>size</td><td>at most {@value #MAX_TOKEN_CHARS} characters (Wharf's limit; GitHub's tokens are about 1.5 KiB)</td><td>{@code malformed JWT}</td></tr>
 *   <tr><td>shape</td><td>JWS compact serialization: exactly three base64url segments, no padding</td><td>{@code malformed JWT}</td></tr>
 *   <tr><td>header, payload</td><td>each a JSON object (duplicate member names refused)</td><td>{@code malformed JWT}</td></tr>
 *   <tr><td>{@code iss}</td><td>present and a JSON string</td><td>{@code malformed JWT}</td></tr>
 *   <tr><td>issuer</td><td>{@link IssuerRegistry#resolve} knows {@code iss} exactly</td><td>{@code unknown trusted publishing issuer}</td></tr>
 * </table>
 *
 * <p><b>Stage 2, verification</b> (every failure: {@code invalid-token}, {@code malformed or invalid token}):
 * <table>
 *   <caption>Header</caption>
 *   <tr><th>Parameter</th><th>Rule</th></tr>
 *   <tr><td>{@code alg}</td><td>exactly {@code RS256}; {@code none}, {@code HS*}, {@code RS384}, {@code PS*}, {@code ES*} refused before any key lookup</td></tr>
 *   <tr><td>{@code kid}</td><td>present, a non-empty string, naming a key of the issuer's set ({@link JwksCache}; an unknown one refreshes the set, within the cool-down)</td></tr>
 *   <tr><td>{@code crit}</td><td>refused if present: Wharf understands no extension parameter ({@link RSASSAVerifier} with no deferred parameters)</td></tr>
 *   <tr><td>{@code typ}</td><td>not checked. GitHub sends {@code JWT}, but no issuer promises it and pypi.org ignores it; the audience check is what binds the token to Wharf</td></tr>
 *   <tr><td>{@code jku}, {@code jwk}, {@code x5u}, {@code x5c}, {@code x5t}</td><td>ignored: keys come only from the issuer's own JWKS, never from the token</td></tr>
 * </table>
 * <table>
 *   <caption>Signature and claims (now = the injected clock; leeway {@value #LEEWAY_SECONDS} s, pypi.org's {@code _JWT_LEEWAY})</caption>
 *   <tr><th>Claim</th><th>Rule</th></tr>
 *   <tr><td>signature</td><td>RSASSA-PKCS1-v1_5 with SHA-256 over the segments as received, with the {@code kid} key (RSA, at least 2048 bits)</td></tr>
 *   <tr><td>{@code iss}</td><td>required, a string, exactly the resolved issuer's URL (no trailing-slash or case folding)</td></tr>
 *   <tr><td>{@code aud}</td><td>required, a single JSON string, exactly the configured audience; an array is refused even with one element (PyJWT {@code strict_aud})</td></tr>
 *   <tr><td>{@code exp}</td><td>required, a JSON number; refused if {@code exp <= now - leeway}</td></tr>
 *   <tr><td>{@code iat}</td><td>required, a JSON number; refused if {@code iat > now + leeway}</td></tr>
 *   <tr><td>{@code nbf}</td><td>optional; if present, a JSON number; refused if {@code nbf > now + leeway}</td></tr>
 *   <tr><td>{@code sub}</td><td>optional here; if present, a JSON string</td></tr>
 *   <tr><td>{@code jti}</td><td>optional here; if present, a JSON string of at most {@value #MAX_JTI_CHARS} characters (Wharf's limit: it is a database key)</td></tr>
 *   <tr><td>times</td><td>{@code exp}, {@code iat}, {@code nbf} between 0 and 253402300799 (year 9999); fractions are truncated, as PyJWT's {@code int()}</td></tr>
 *   <tr><td>JSON {@code null}</td><td>counts as absent, so a required claim that is {@code null} is refused</td></tr>
 * </table>
 *
 * <p>Deliberately not checked: a maximum lifetime ({@code exp - iat}; GitLab tokens live as long as
 * the job's timeout), {@code azp}, {@code nonce}, {@code auth_time}, {@code at_hash} (browser-login
 * claims that CI tokens do not carry), and which publisher claims are present: that belongs to claim
 * matching, where pypi.org answers {@code invalid-publisher} ("Missing claim ...") rather than
 * {@code invalid-token}. One use per {@code jti} is {@link JtiRepository}'s job, after a publisher matched.
 *
 * <p>Better than pypi.org: times must be JSON numbers (PyJWT's {@code int()} also takes the string
 * {@code "1700000000"}), and key-set network failures end as {@code invalid-token}, not HTTP 500.
 * Verification failures never say which check failed (the reason is logged at debug level, without
 * the token).
 */
public final class JwtVerifier {
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    public static final int LEEWAY_SECONDS = 30;
    public static final int MAX_JTI_CHARS = 512;
    /** 9999-12-31T23:59:59Z, the last second {@link java.time.Instant} and every database here handle alike. */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);
    /** The base64url alphabet (RFC 4648 §5), no padding: a table, as every exchange checks ~1,200 characters. */
    private static final boolean[] BASE64URL = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            BASE64URL[c] = true;
            BASE64URL[Character.toLowerCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            BASE64URL[c] = true;
        }
        BASE64URL['-'] = true;
        BASE64URL['_'] = true;
    }

    /**
     * One verifier per signing key, built once: converting the JWK to an RSA public key is as costly
     * as a good part of the signature check itself. Keyed by identity ({@code weakKeys}), so a key
     * set replaced by a refresh takes its verifiers with it.
     */
    private final com.github.benmanes.caffeine.cache.Cache<RSAKey, RSASSAVerifier> verifiers =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .weakKeys()
                    .maximumSize(1_000)
                    .build();

    private final IssuerRegistry registry;
    private final JwksCache jwks;
    private final String audience;
    private final Clock clock;

    public JwtVerifier(IssuerRegistry registry, JwksCache jwks, String audience, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.jwks = Objects.requireNonNull(jwks, "jwks");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (audience.isBlank()) {
            throw new IllegalArgumentException("the trusted publishing audience must not be blank");
        }
    }

    /** The audience tokens must carry, as {@code GET /_/oidc/audience} announces it. */
    public String audience() {
        return audience;
    }

    /**
     * Checks {@code compactJwt} as the tables above say.
     *
     * @throws MintRefusedException {@code invalid-payload} ({@code malformed JWT}, {@code unknown
     *     trusted publishing issuer}) or {@code invalid-token} ({@code malformed or invalid token});
     *     nothing else, whatever the token or the issuer's servers do
     */
    public VerifiedToken verify(String compactJwt) {
        Unverified token = decode(compactJwt);
        Issuer issuer = registry.resolve(token.iss()).orElseThrow(MintRefusedException::unknownIssuer);
        Optional<String> refusal = check(issuer, token);
        if (refusal.isPresent()) {
            LOG.debug("Token from issuer {} refused: {}", issuer.url(), refusal.get());
            throw MintRefusedException.invalidToken();
        }
        return new VerifiedToken(issuer, token.claims());
    }

    /** Stage 1: the unverified parse; any failure is {@code malformed JWT}. */
    private static Unverified decode(String compact) {
        if (compact == null || compact.isEmpty() || compact.length() > MAX_TOKEN_CHARS) {
            throw MintRefusedException.malformedJwt();
        }
        String[] parts = compact.split("\\.", -1);
        // The signature may be empty here, as PyJWT's unverified decode allows: an "alg": "none"
        // token then fails verification (invalid-token), as on pypi.org, not this stage.
        if (parts.length != 3
                || !isBase64Url(parts[0])
                || !isBase64Url(parts[1])
                || !(parts[2].isEmpty() || isBase64Url(parts[2]))) {
            throw MintRefusedException.malformedJwt();
        }
        Map<String, Object> header = jsonObject(parts[0]).orElseThrow(MintRefusedException::malformedJwt);
        Map<String, Object> claims = jsonObject(parts[1]).orElseThrow(MintRefusedException::malformedJwt);
        if (!(claims.get("iss") instanceof String iss)) {
            throw MintRefusedException.malformedJwt();
        }
        return new Unverified(parts, header, claims, iss);
    }

    /** Stage 2; the reason a check failed, for the debug log, or empty if every check passed. */
    private Optional<String> check(Issuer issuer, Unverified token) {
        // Header, before any key lookup: a token that cannot be RS256 must not cause a JWKS fetch.
        if (!"RS256".equals(token.header().get("alg")) || token.parts()[2].isEmpty()) {
            return Optional.of("alg is not RS256");
        }
        if (!(token.header().get("kid") instanceof String kid) || kid.isEmpty()) {
            return Optional.of("no kid");
        }
        Optional<RSAKey> key = jwks.key(issuer, kid);
        if (key.isEmpty()) {
            return Optional.of("no key with that kid");
        }
        Optional<String> signature = checkSignature(token, key.get());
        if (signature.isPresent()) {
            return signature;
        }
        return checkClaims(issuer, token.claims());
    }

    private Optional<String> checkSignature(Unverified token, RSAKey key) {
        try {
            SignedJWT signed = new SignedJWT(
                    new Base64URL(token.parts()[0]), new Base64URL(token.parts()[1]), new Base64URL(token.parts()[2]));
            if (!JWSAlgorithm.RS256.equals(signed.getHeader().getAlgorithm())) {
                return Optional.of("alg is not RS256");
            }
            return signed.verify(verifierFor(key)) ? Optional.empty() : Optional.of("signature does not verify");
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.of("signature cannot be checked: " + e.getClass().getSimpleName());
        }
    }

    /** No deferred critical parameters: a header with "crit" does not verify. */
    private RSASSAVerifier verifierFor(RSAKey key) {
        return verifiers.get(key, k -> {
            try {
                return new RSASSAVerifier(k.toRSAPublicKey(), java.util.Set.of());
            } catch (JOSEException e) {
                throw new IllegalArgumentException("not a usable RSA public key", e);
            }
        });
    }

    /** The claims table of the class comment, in its order. */
    private Optional<String> checkClaims(Issuer issuer, Map<String, Object> claims) {
        long now = clock.instant().getEpochSecond();
        if (!(claims.get("iss") instanceof String iss) || !iss.equals(issuer.url())) {
            return Optional.of("iss is not the issuer's URL");
        }
        Object aud = claims.get("aud");
        if (!(aud instanceof String single)) {
            return Optional.of(aud == null ? "no aud" : "aud is not a single string");
        }
        if (!single.equals(audience)) {
            return Optional.of("aud is not this index's audience");
        }
        Optional<Long> exp = seconds(claims.get("exp"));
        if (exp.isEmpty()) {
            return Optional.of("exp missing or not a time");
        }
        if (exp.get() <= now - LEEWAY_SECONDS) {
            return Optional.of("expired");
        }
        Optional<Long> iat = seconds(claims.get("iat"));
        if (iat.isEmpty()) {
            return Optional.of("iat missing or not a time");
        }
        if (iat.get() > now + LEEWAY_SECONDS) {
            return Optional.of("issued in the future");
        }
        if (claims.get("nbf") != null) {
            Optional<Long> nbf = seconds(claims.get("nbf"));
            if (nbf.isEmpty()) {
                return Optional.of("nbf not a time");
            }
            if (nbf.get() > now + LEEWAY_SECONDS) {
                return Optional.of("not valid yet");
            }
        }
        if (claims.containsKey("sub") && !(claims.get("sub") instanceof String)) {
            return Optional.of("sub is not a string");
        }
        if (claims.containsKey("jti")) {
            if (!(claims.get("jti") instanceof String jti)) {
                return Optional.of("jti is not a string");
            }
            if (jti.length() > MAX_JTI_CHARS) {
                return Optional.of("jti is too long");
            }
        }
        return Optional.empty();
    }

    /**
     * A NumericDate (RFC 7519 §2) as whole seconds: a JSON number from 0 to the year 9999, fractions
     * truncated; empty for anything else, {@code null} and strings included.
     */
    static Optional<Long> seconds(Object value) {
        if (!(value instanceof Number number)) {
            return Optional.empty();
        }
        double asDouble = number.doubleValue();
        if (!Double.isFinite(asDouble) || asDouble < 0 || asDouble >= MAX_EPOCH_SECOND + 1) {
            return Optional.empty();
        }
        long whole = (number instanceof Long || number instanceof Integer) ? number.longValue() : (long) asDouble;
        return Optional.of(whole);
    }

    private static boolean isBase64Url(String segment) {
        if (segment.isEmpty()) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c >= BASE64URL.length || !BASE64URL[c]) {
                return false;
            }
        }
        return segment.length() % 4 != 1; // a length of 4n+1 is never valid base64
    }

    private static Optional<Map<String, Object>> jsonObject(String segment) {
        try {
            String json = new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
            return Optional.of(JSONObjectUtils.parse(json));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private record Unverified(String[] parts, Map<String, Object> header, Map<String, Object> claims, String iss) {}
}
