package dev.wharf.publishing;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of a verified token's claims, as decoded from JSON. Every accessor is total:
 * a claim of the wrong JSON type reads as absent, so a check compares it as a mismatch instead of
 * failing with an exception (pypi.org answers some non-string claims with a 500: its checks assume strings).
 */
public final class Claims {
    private final Map<String, Object> values;

    private Claims(Map<String, Object> values) {
        this.values = values;
    }

    /** The decoded claims; JSON strings are {@link String}, booleans {@link Boolean}, null is null. */
    public static Claims of(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        java.util.HashMap<String, Object> copy = new java.util.HashMap<>();
        values.forEach(copy::put);
        return new Claims(java.util.Collections.unmodifiableMap(copy));
    }

    /** The claim if it is present and a JSON string (possibly empty). */
    public Optional<String> string(String name) {
        return values.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The claim if it is present and a JSON boolean. */
    public Optional<Boolean> bool(String name) {
        return values.get(name) instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    /**
     * Whether the claim is present and not JSON null: pypi.org's existence test
     * ({@code claims.get(name) is None} means missing; an empty string counts as present).
     */
    public boolean present(String name) {
        return values.get(name) != null;
    }

    /** The string claim, or "" when absent or not a string; for checks where both fail alike. */
    public String stringOrEmpty(String name) {
        return string(name).orElse("");
    }

    @Override
    public String toString() {
        return "Claims" + values.keySet();
    }
}
