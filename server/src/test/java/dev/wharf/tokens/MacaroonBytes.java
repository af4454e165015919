package dev.wharf.tokens;

import com.github.nitram509.jmacaroons.CaveatPacket;
import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsSerializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds V2 macaroon tokens from parts, so tests can make tokens that no macaroon library would:
 * caveats changed, reordered or appended with the old signature kept.
 */
final class MacaroonBytes {
    private MacaroonBytes() {}

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

    /**
     * {@code pypi-} + base64url(V2 bytes), no padding, with any caveats and any signature: the
     * writer Wharf mints with, itself checked against jmacaroons in TokenFormatTest.
     */
    static String token(String location, String identifier, List<String> caveats, byte[] signature) {
        return TokenFormat.serialize(location, identifier, caveats, signature);
    }
}
