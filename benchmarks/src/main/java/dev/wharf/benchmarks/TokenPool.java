package dev.wharf.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wharf.devissuer.DevIssuer;
import dev.wharf.devissuer.DevIssuerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Distinct ID tokens signed by one {@link DevIssuer}, with the issuer's URL and public key set.
 *
 * <p>Signing is an RSA private-key operation, dearer than the exchange being measured, so the pool is
 * signed before measurement (in parallel) and, when the system property {@value #CACHE_PROPERTY}
 * names a file, written there and read back by later trials: {@code mint.sh} signs once per run
 * instead of once per fork. Reading it back is safe because each trial has a new database, where no
 * {@code jti} has been used. A file with too few tokens, another audience, or tokens that would
 * expire within {@link #MIN_REMAINING} is signed anew.
 *
 * <p>File format (UTF-8 lines): issuer URL, audience, expiry (epoch seconds), the JWKS as one line of
 * JSON, then one compact JWS per line.
 */
final class TokenPool {
    static final String CACHE_PROPERTY = "wharf.bench.tokens";
    static final String OWNER = "bench-org";
    static final String OWNER_ID = "4242";
    static final String REPOSITORY = "bench-repo";
    static final String WORKFLOW = "release.yml";
    private static final Duration MIN_REMAINING = Duration.ofHours(1);
    private static final int MAX_TOKENS = 1_000_000;

    private final String issuerUrl;
    private final String jwks;
    private final List<String> jwts;

    private TokenPool(String issuerUrl, String jwks, List<String> jwts) {
        this.issuerUrl = issuerUrl;
        this.jwks = jwks;
        this.jwts = List.copyOf(jwts);
    }

    /** At least {@code size} tokens for {@code audience}, from the cache file if it has them. */
    static TokenPool loadOrSign(int size, String audience, Duration lifetime) {
        if (size < 1 || size > MAX_TOKENS) {
            throw new IllegalArgumentException("pool size must be 1.." + MAX_TOKENS);
        }
        Optional<Path> cache =
                Optional.ofNullable(System.getProperty(CACHE_PROPERTY)).map(Path::of);
        Optional<TokenPool> cached = cache.flatMap(file -> read(file, size, audience));
        if (cached.isPresent()) {
            return cached.get();
        }
        long expires = Clock.systemUTC().instant().plus(lifetime).getEpochSecond();
        TokenPool signed = sign(size, audience, lifetime);
        cache.ifPresent(file -> signed.write(file, audience, expires));
        return signed;
    }

    String issuerUrl() {
        return issuerUrl;
    }

    String jwks() {
        return jwks;
    }

    List<String> jwts() {
        return jwts;
    }

    RSAPublicKey publicKey() {
        try {
            return ((RSAKey) JWKSet.parse(jwks).getKeys().getFirst()).toRSAPublicKey();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the pool's JWKS holds no RSA key", e);
        }
    }

    private static TokenPool sign(int size, String audience, Duration lifetime) {
        DevIssuer issuer = new DevIssuer(
                new DevIssuerSettings(
                        OWNER, OWNER_ID, REPOSITORY, WORKFLOW, "refs/tags/v1.0", Optional.empty(), "push", lifetime),
                Clock.systemUTC());
        try {
            // Only to fix the issuer URL the tokens carry; Wharf never calls it (the JWKS is pinned).
            issuer.start(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the development issuer", e);
        }
        try {
            List<String> jwts = IntStream.range(0, size)
                    .parallel()
                    .mapToObj(i -> issuer.issue(audience))
                    .toList();
            return new TokenPool(issuer.issuerUrl().toString(), issuer.jwks().toString(), jwts);
        } finally {
            issuer.close();
        }
    }

    private static Optional<TokenPool> read(Path file, int size, String audience) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.size() < 4 + size || !lines.get(1).equals(audience)) {
            return Optional.empty();
        }
        long expires = Long.parseLong(lines.get(2));
        if (expires < Clock.systemUTC().instant().plus(MIN_REMAINING).getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(new TokenPool(lines.get(0), lines.get(3), lines.subList(4, lines.size())));
    }

    private void write(Path file, String audience, long expires) {
        List<String> lines = new ArrayList<>(List.of(issuerUrl, audience, Long.toString(expires), jwks));
        lines.addAll(jwts);
        try {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.write(partial, lines, StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token pool to " + file, e);
        }
    }
}
