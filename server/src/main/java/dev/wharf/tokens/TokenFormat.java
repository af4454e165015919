package dev.wharf.tokens;

import com.github.nitram509.jmacaroons.CaveatPacket;
import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsSerializer;
import java.util.Optional;
import java.util.UUID;

/**
 * The text form of a token: {@code pypi-} followed by the macaroon in the libmacaroons V2 binary
 * format, base64url without padding, as pymacaroons' V2 {@code serialize()} writes it and as
 * pypi.org issues it (warehouse {@code macaroons/services.py}).
 *
 * <p>jmacaroons serializes to V1 unless told otherwise, so every call here names
 * {@link MacaroonsSerializer#V2}. Parsing turns every kind of garbage into an empty result, never an
 * exception, and accepts only what Wharf itself could have written (possibly with caveats a bearer
 * appended): V2 only, first-party caveats only, a UUID identifier, the canonical encoding (no
 * padding, no trailing bytes, shortest lengths), so one token has exactly one spelling.
 */
final class TokenFormat {
    static final String PREFIX = "pypi-";
    /** 8 KiB: far above a real token (about 200 characters, 2 KiB with 50 projects). */
    static final int MAX_PRESENTED_CHARS = 8 * 1024;
    /** A bearer may append caveats; more than this is not a real use. */
    static final int MAX_CAVEATS = 64;

    private TokenFormat() {
    }

    static String serialize(Macaroon macaroon) {
        return PREFIX + macaroon.serialize(MacaroonsSerializer.V2);
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
        if (!macaroon.serialize(MacaroonsSerializer.V2).equals(body)) {
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
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
