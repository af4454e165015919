package dev.wharf.tokens;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes caveats as compact JSON arrays ({@code [0,1700000900,1700000000]},
 * {@code [1,["a","b"]]}, {@code [3,"42"]}), byte for byte as warehouse's {@code json.dumps(...,
 * separators=(",", ":"))} writes them for the values Wharf issues.
 *
 * <p>Reading is strict, because a caveat Wharf misreads is a restriction it would not enforce:
 * the tag and every field must have exactly the JSON type declared (pypi.org also rejects
 * {@code [0,"50",10]}; it would take {@code true} for tag 1, Wharf does not), the field count must
 * match, and the legacy JSON-object caveats pypi.org once issued are refused, since Wharf never
 * issued them.
 */
final class CaveatCodec {
    /** No caveat can be longer than the token that carries it. */
    static final int MAX_CAVEAT_BYTES = TokenFormat.MAX_PRESENTED_CHARS;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CaveatCodec() {}

    /** The caveat's bytes, as embedded in the macaroon. */
    static String encode(Caveat caveat) {
        return append(new StringBuilder(64), caveat).toString();
    }

    /** A list of caveats as one JSON array, for the {@code caveats_json} column. */
    static String encodeAll(List<Caveat> caveats) {
        StringBuilder all = new StringBuilder(64 * caveats.size() + 2).append('[');
        for (int i = 0; i < caveats.size(); i++) {
            append(i == 0 ? all : all.append(','), caveats.get(i));
        }
        return all.append(']').toString();
    }

    /**
     * Writes the caveat as compact JSON. Every exchange and token creation signs a few of these, so
     * they are written directly rather than through a JSON tree; the text is the same as Jackson's
     * (CaveatCodecTest compares): numbers in decimal, strings quoted, and a string with anything
     * but printable ASCII other than quote and backslash handed to Jackson for its escapes. Wharf's
     * own values (normalized project names, decimal ids) never need one.
     */
    private static StringBuilder append(StringBuilder out, Caveat caveat) {
        out.append('[').append(caveat.tag()).append(',');
        switch (caveat) {
            case Caveat.Expiration expiration ->
                out.append(expiration.expiresAt()).append(',').append(expiration.notBefore());
            case Caveat.ProjectNames projects -> {
                out.append('[');
                List<String> names = projects.normalizedNames();
                for (int i = 0; i < names.size(); i++) {
                    quote(i == 0 ? out : out.append(','), names.get(i));
                }
                out.append(']');
            }
            case Caveat.RequestUser user -> quote(out, user.userId());
            case Caveat.OidcPublisher publisher ->
                quote(out, publisher.publisherId()).append(",null");
        }
        return out.append(']');
    }

    private static StringBuilder quote(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return out.append(JSON.writeValueAsString(value));
            }
        }
        return out.append('"').append(value).append('"');
    }

    /** Reads a caveat embedded in a presented token; any deviation is a {@link CaveatFormatException}. */
    static Caveat decode(String text) throws CaveatFormatException {
        if (text.length() > MAX_CAVEAT_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_CAVEAT_BYTES) {
            throw new CaveatFormatException("caveat is too long");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new CaveatFormatException("caveat is not JSON");
        }
        return fromNode(node);
    }

    /** Reads the {@code caveats_json} column, which only this class writes. */
    static List<Caveat> decodeAll(String json) {
        try {
            JsonNode all = JSON.readTree(json);
            if (!all.isArray()) {
                throw new IllegalStateException("stored caveats are not an array");
            }
            List<Caveat> caveats = new ArrayList<>(all.size());
            for (JsonNode node : all) {
                caveats.add(fromNode(node));
            }
            return caveats;
        } catch (JacksonException | CaveatFormatException e) {
            throw new IllegalStateException("stored caveats are unreadable: " + e.getMessage(), e);
        }
    }

    private static Caveat fromNode(JsonNode node) throws CaveatFormatException {
        if (!node.isArray()) {
            throw new CaveatFormatException("caveat must be an array");
        }
        if (node.isEmpty()) {
            throw new CaveatFormatException("caveat array cannot be empty");
        }
        JsonNode tagNode = node.get(0);
        if (!tagNode.isIntegralNumber() || !tagNode.canConvertToInt()) {
            throw new CaveatFormatException("caveat tag must be an integer");
        }
        int tag = tagNode.intValue();
        return switch (tag) {
            case Caveat.EXPIRATION -> {
                expectFields(node, 2, tag);
                yield new Caveat.Expiration(longField(node.get(1), tag), longField(node.get(2), tag));
            }
            case Caveat.PROJECT_NAMES -> {
                expectFields(node, 1, tag);
                JsonNode names = node.get(1);
                if (!names.isArray() || names.size() > TokenScope.MAX_PROJECTS) {
                    throw new CaveatFormatException("caveat " + tag + " must hold a list of project names");
                }
                List<String> list = new ArrayList<>(names.size());
                for (JsonNode name : names) {
                    list.add(stringField(name, tag));
                }
                yield new Caveat.ProjectNames(list);
            }
            case Caveat.REQUEST_USER -> {
                expectFields(node, 1, tag);
                yield new Caveat.RequestUser(stringField(node.get(1), tag));
            }
            case Caveat.OIDC_PUBLISHER -> {
                expectFields(node, 2, tag);
                if (!node.get(2).isNull()) {
                    throw new CaveatFormatException("caveat 4 carries claims, which this index does not accept");
                }
                yield new Caveat.OidcPublisher(stringField(node.get(1), tag));
            }
            default -> throw new CaveatFormatException("caveat has a tag this index does not accept: " + tag);
        };
    }

    private static void expectFields(JsonNode node, int count, int tag) throws CaveatFormatException {
        if (node.size() != count + 1) {
            throw new CaveatFormatException("caveat " + tag + " must have exactly " + count + " field(s)");
        }
    }

    private static long longField(JsonNode field, int tag) throws CaveatFormatException {
        if (!field.isIntegralNumber() || !field.canConvertToLong()) {
            throw new CaveatFormatException("caveat " + tag + " has a field that is not an integer");
        }
        return field.longValue();
    }

    private static String stringField(JsonNode field, int tag) throws CaveatFormatException {
        if (!field.isString()) {
            throw new CaveatFormatException("caveat " + tag + " has a field that is not a string");
        }
        return field.stringValue();
    }
}
