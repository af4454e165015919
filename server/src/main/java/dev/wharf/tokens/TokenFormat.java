package dev.wharf.tokens;

import com.github.nitram509.jmacaroons.CaveatPacket;
import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsConstants;
import com.github.nitram509.jmacaroons.MacaroonsSerializer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The text form of a token: {@code pypi-} followed by the macaroon in the libmacaroons V2 binary
 * format, base64url without padding, as pymacaroons' V2 {@code serialize()} writes it and as
 * pypi.org issues it (warehouse {@code macaroons/services.py}).
 *
 * <p>Writing is done here ({@link #v2}); reading is jmacaroons', which reads V1 unless told
 * otherwise, so the call names {@link MacaroonsSerializer#V2}. Parsing turns every kind of garbage
 * into an empty result, never an exception, and accepts only what Wharf itself could have written
 * (possibly with caveats a bearer appended): V2 only, first-party caveats only, a UUID identifier,
 * the canonical encoding (no padding, no trailing bytes, shortest lengths), so one token has
 * exactly one spelling.
 */
final class TokenFormat {
    static final String PREFIX = "pypi-";
    /** 8 KiB: far above a real token (about 200 characters, 2 KiB with 50 projects). */
    static final int MAX_PRESENTED_CHARS = 8 * 1024;
    /** A bearer may append caveats; more than this is not a real use. */
    static final int MAX_CAVEATS = 64;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private TokenFormat() {}

    /** A macaroon with first-party caveats only (all Wharf mints or accepts), as {@link #v2} writes it. */
    static String serialize(Macaroon macaroon) {
        return PREFIX + v2(macaroon);
    }

    /**
     * The text of a macaroon with first-party caveats only, the kind Wharf mints, from its parts:
     * the same bytes as {@link #v2} of the equal macaroon, without building one.
     */
    static String serialize(String location, String identifier, List<String> caveats, byte[] signature) {
        List<byte[]> ids = caveats.stream()
                .map(c -> c.getBytes(MacaroonsConstants.IDENTIFIER_CHARSET))
                .toList();
        return PREFIX + write(location, identifier, ids, signature);
    }

    /**
     * The libmacaroons V2 binary form, base64url without padding, of a macaroon whose caveats are all
     * first-party; a third party's caveat is refused ({@link IllegalArgumentException}): Wharf never
     * writes one, and {@link #parse} refuses them before it writes a token back.
     */
    static String v2(Macaroon macaroon) {
        List<byte[]> ids = new ArrayList<>(macaroon.caveatPackets.length);
        for (CaveatPacket packet : macaroon.caveatPackets) {
            if (packet.getType() != CaveatPacket.Type.cid) {
                throw new IllegalArgumentException("a third party's caveat is not written here");
            }
            ids.add(packet.getRawValue());
        }
        return write(macaroon.location, macaroon.identifier, ids, HexFormat.of().parseHex(macaroon.signature));
    }

    /**
     * The version byte 2; the location (field 1, if any) and identifier (field 2), then an end of
     * section (0); each caveat's identifier (field 2), then 0; a 0 after the last caveat; the
     * signature (field 6). A field is its type byte, its length as an unsigned LEB128 varint, then
     * its bytes. Byte for byte what jmacaroons' V2 serializer writes (TokenFormatTest checks), written
     * here because jmacaroons feeds its base64 encoder one byte at a time, a twentieth of a Trusted
     * Publishing exchange's CPU.
     */
    private static String write(String location, String identifier, List<byte[]> caveats, byte[] signature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(2);
        if (location != null) {
            field(out, 1, location.getBytes(MacaroonsConstants.IDENTIFIER_CHARSET));
        }
        field(out, 2, identifier.getBytes(MacaroonsConstants.IDENTIFIER_CHARSET));
        out.write(0);
        for (byte[] caveat : caveats) {
            field(out, 2, caveat);
            out.write(0);
        }
        out.write(0);
        field(out, 6, signature);
        return ENCODER.encodeToString(out.toByteArray());
    }

    private static void field(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        long length = value.length;
        while (length >= 0x80) {
            out.write((int) (length & 0x7f) | 0x80);
            length >>>= 7;
        }
        out.write((int) length);
        out.write(value, 0, value.length);
    }

    /** The macaroon in a presented token, or empty if the text is not one Wharf could accept. */
    static Optional<Macaroon> parse(String presented) {
        if (presented == null || presented.length() > MAX_PRESENTED_CHARS) {
            return Optional.empty();
        }
        String text = presented.strip();
        if (!text.startsWith(PREFIX) || text.length() == PREFIX.length()) {
            return Optional.empty();
        }
        String body = text.substring(PREFIX.length());
        if (!isBase64Url(body)) {
            return Optional.empty();
        }
        Macaroon macaroon;
        try {
            macaroon = Macaroon.deserialize(body, MacaroonsSerializer.V2);
        } catch (RuntimeException malformed) {
            // jmacaroons reports bad input as several unchecked exceptions; all mean "not a token".
            return Optional.empty();
        }
        if (!isOurShape(macaroon)) {
            return Optional.empty();
        }
        // The V2 reader ignores bytes after the signature and takes over-long length encodings;
        // writing the macaroon back and comparing rejects both.
        if (!v2(macaroon).equals(body)) {
            return Optional.empty();
        }
        return Optional.of(macaroon);
    }

    private static boolean isOurShape(Macaroon macaroon) {
        if (macaroon.identifier == null || !isUuid(macaroon.identifier)) {
            return false;
        }
        if (macaroon.caveatPackets.length > MAX_CAVEATS) {
            return false;
        }
        for (CaveatPacket packet : macaroon.caveatPackets) {
            // A verifier id or caveat location marks a third-party caveat: Wharf has no third party.
            if (packet.getType() != CaveatPacket.Type.cid) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUuid(String identifier) {
        try {
            return UUID.fromString(identifier).toString().equals(identifier);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isBase64Url(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
