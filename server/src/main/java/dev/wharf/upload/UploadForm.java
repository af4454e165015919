package dev.wharf.upload;

import dev.wharf.distributions.FormMetadata;
import dev.wharf.distributions.InvalidMetadataException;
import dev.wharf.distributions.PythonRepr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The non-file fields of an upload ({@code POST /legacy/}), as a small immutable multimap in the
 * order they arrived, after pypi.org's {@code sanitize} normalizations ({@code forklift/legacy.py}):
 *
 * <ul>
 *   <li>a value whose stripped text is {@code UNKNOWN} is dropped (distutils wrote UNKNOWN for
 *       every unset field);
 *   <li>NUL characters become the four characters {@code \x00}, so they cannot reach storage;
 *   <li>a field whose only value is the empty string is absent (poetry and pdm send {@code ""}
 *       for None, and uv always sends {@code requires_python}).
 * </ul>
 *
 * <p>Limits, checked here as well as by the streaming reader that fills it: at most
 * {@value #MAX_FIELDS} field values, each at most {@value #MAX_VALUE_CHARS} characters, except
 * {@code description} at most {@value #MAX_DESCRIPTION_CHARS} characters. Rejecting file parts in
 * non-file fields ("Should not be a tuple.") is the multipart reader's job: this sees only text.
 */
public final class UploadForm {
    public static final int MAX_FIELDS = 2000;
    public static final int MAX_VALUE_CHARS = 64 * 1024;
    public static final int MAX_DESCRIPTION_CHARS = 1024 * 1024;

    private final Map<String, List<String>> fields;

    private UploadForm(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The form of the fields the multipart reader collected, in their arrival order. */
    static UploadForm of(List<FormField> arrived) {
        Builder builder = builder();
        arrived.forEach(field -> builder.add(field.name(), field.value()));
        return builder.build();
    }

    /** Every value of the field, in arrival order; empty if absent. */
    public List<String> all(String field) {
        return fields.getOrDefault(field, List.of());
    }

    /**
     * The value of a single-use field. Empty values are ignored; two or more non-empty values are
     * refused with pypi.org's message for a field it cannot parse.
     *
     * @throws InvalidMetadataException {@code '<field>' has invalid data. See ...}
     */
    public Optional<String> single(String field) {
        return FormMetadata.single(field, all(field));
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The names of the fields present, in arrival order. */
    public Set<String> fieldNames() {
        return fields.keySet();
    }

    /** Collects fields as the multipart reader meets them. Not thread-safe; use once. */
    public static final class Builder {
        private final Map<String, List<String>> fields = new LinkedHashMap<>();
        private int count;

        private Builder() {}

        /**
         * Adds one value, applying the sanitize rules.
         *
         * @throws InvalidMetadataException past the field-count or value-length limits
         */
        public Builder add(String field, String value) {
            if (++count > MAX_FIELDS) {
                throw new InvalidMetadataException("The upload form has more than " + MAX_FIELDS + " fields.");
            }
            int limit = field.equals("description") ? MAX_DESCRIPTION_CHARS : MAX_VALUE_CHARS;
            if (value.length() > limit) {
                throw new InvalidMetadataException("The form field " + PythonRepr.of(field)
                        + " is longer than the limit of " + limit + " characters.");
            }
            if (value.strip().equals("UNKNOWN")) {
                return this;
            }
            fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value.replace("\0", "\\x00"));
            return this;
        }

        public UploadForm build() {
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            fields.forEach((name, values) -> {
                if (!(values.size() == 1 && values.getFirst().isEmpty())) {
                    frozen.put(name, List.copyOf(values));
                }
            });
            return new UploadForm(Collections.unmodifiableMap(frozen));
        }
    }
}
