package dev.wharf.tokens;

import com.github.nitram509.jmacaroons.CaveatPacket;
import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes V2 macaroon bytes by hand (libmacaroons doc/format.txt), so tests can build tokens that
 * no macaroon library would: caveats changed, reordered or appended with the old signature kept.
 */
final class MacaroonBytes {
    private MacaroonBytes() {
    }

    static Macaroon parse(String secret) {
        return Macaroon.deserialize(secret.substring(TokenFormat.PREFIX.length()), MacaroonsSerializer.V2);
    }

    static List<String> caveats(Macaroon macaroon) {
        List<String> caveats = new ArrayList<>();
        for (CaveatPacket packet : macaroon.caveatPackets) {
            caveats.add(new String(packet.getRawValue(), StandardCharsets.UTF_8));
        }
        return caveats;
    }

    static byte[] signature(Macaroon macaroon) {
        return HexFormat.of().parseHex(macaroon.signature);
    }

    /** {@code pypi-} + base64url(V2 bytes), no padding. */
    static String token(String location, String identifier, List<String> caveats, byte[] signature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2);
        field(out, 1, location.getBytes(StandardCharsets.UTF_8));
        field(out, 2, identifier.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        for (String caveat : caveats) {
            field(out, 2, caveat.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        out.write(0);
        field(out, 6, signature);
        return TokenFormat.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    private static void field(ByteArrayOutputStream out, int type, byte[] data) {
        out.write(type);
        long length = data.length;
        while (length >= 0x80) {
            out.write((int) (length & 0x7f) | 0x80);
            length >>>= 7;
        }
        out.write((int) length);
        out.writeBytes(data);
    }
}
