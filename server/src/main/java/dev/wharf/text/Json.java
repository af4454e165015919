package dev.wharf.text;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper with Jackson's defaults, for every reader and writer that needs no other
 * configuration. A Jackson 3 mapper is immutable and safe to share between threads. The two places
 * that configure their own (exact number handling for token caveats, size limits for the token
 * exchange) keep their own.
 */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}
}
