package dev.wharf.publishing.oidc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ID token whose signature and standard claims {@link JwtVerifier} has checked: the issuer it
 * came from and every claim of its payload, as parsed from JSON (strings, {@code Long}/{@code
 * Double} numbers, booleans, {@code null}, and unmodifiable lists and maps). The claims are deeply
 * unmodifiable; JSON {@code null} values are kept (GitLab sends {@code "ci_config_ref_uri": null}).
 *
 * <p>Read publisher claims through {@link #string}: pypi.org compares claims as strings and a
 * number or boolean where a string belongs crashes it (HTTP 500); here it is simply absent.
 */
public record VerifiedToken(Issuer issuer, Map<String, Object> claims) {
    public VerifiedToken {
        Objects.requireNonNull(issuer, "issuer");
        claims = freeze(Objects.requireNonNull(claims, "claims"));
    }

    /** The claim if it is present and a JSON string (possibly empty); empty for absent, null or any other type. */
    public Optional<String> string(String claim) {
        return claims.get(claim) instanceof String value ? Optional.of(value) : Optional.empty();
    }

    /** The {@code exp} claim, which the verifier required to be a number. */
    public Instant expiresAt() {
        return Instant.ofEpochSecond(JwtVerifier.seconds(claims.get("exp")).orElseThrow());
    }

    /** The {@code jti} claim; the verifier required it to be a string if present. */
    public Optional<String> jti() {
        return string("jti");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeze(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, freezeValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return freeze((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(freezeValue(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
