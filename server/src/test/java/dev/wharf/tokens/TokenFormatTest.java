package dev.wharf.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsBuilder;
import com.github.nitram509.jmacaroons.MacaroonsSerializer;
import java.util.Base64;
import java.util.Collections;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenFormatTest {
    // A real pymacaroons V2 token (no caveats, location pypi.org) quoted in warehouse's
    // tests/unit/macaroons/test_services.py. Split, as warehouse does, so that no secret scanner
    // sees a whole token in this file.
    private static final String PYMACAROONS_V2 = "py"
            + "pi-AgEIcHlwaS5vcmcCJGQ0ZDhhNzA2LTUxYTEtNDg0NC1hNDlmLTEyZDRiYzNkYjZmOQAABi"
            + "D6hJOpYl9jFI4jBPvA8gvV1mSu1Ic3xMHmxA4CSA2w_g";
    // The same file's V1-format macaroon (with a non-UTF-8 identifier), also split.
    private static final String PYMACAROONS_V1 = "py"
            + "pi-MDAwZWxvY2F0aW9uIAowMDM0aWRlbnRpZmllciBhmTAyMWY0YS0xYWQzLTQ3OGEtYjljZi1"
            + "kMDU1NTkyMGYxYzcKMDAwZnNpZ25hdHVyZSAK";
    private static final byte[] KEY = new byte[32];
    private static final String ID = "0b6e6a1c-1d55-4b7a-9a53-2b1c3c4d5e6f";

    @Test
    void readsTheTokenPymacaroonsWroteAndWritesItBackByteForByte() {
        Macaroon macaroon = TokenFormat.parse(PYMACAROONS_V2).orElseThrow();

        assertThat(macaroon.location).isEqualTo("pypi.org");
        assertThat(macaroon.identifier).isEqualTo("d4d8a706-51a1-4844-a49f-12d4bc3db6f9");
        assertThat(macaroon.caveatPackets).isEmpty();
        assertThat(TokenFormat.serialize(macaroon)).isEqualTo(PYMACAROONS_V2);
    }

    @Test
    void roundTripsAMacaroonWithCaveatsInTheV2Format() {
        Macaroon minted = new MacaroonsBuilder("wharf.example.org", KEY, ID)
                .add_first_party_caveat("[1,[\"alpha\"]]")
                .add_first_party_caveat("[0,1700000900,1700000000]")
                .build();

        String token = TokenFormat.serialize(minted);
        Macaroon parsed = TokenFormat.parse(token).orElseThrow();

        // V2 binary: version byte 2, then the location packet (type 1).
        assertThat(Base64.getUrlDecoder().decode(token.substring(5))[0]).isEqualTo((byte) 2);
        assertThat(token).startsWith("pypi-AgE").doesNotContain("=");
        assertThat(parsed).isEqualTo(minted);
        assertThat(MacaroonBytes.caveats(parsed)).containsExactly("[1,[\"alpha\"]]", "[0,1700000900,1700000000]");
    }

    /**
     * TokenFormat writes V2 itself; jmacaroons' own V2 writer is the reference: same bytes for
     * first-party caveats, an empty location, and lengths needing one, two and three
     * varint bytes (127, 128, 16,383, 16,384).
     */
    @Test
    void writesTheV2FormByteForByteAsJmacaroons() {
        Random random = new Random(20261127);
        for (String location : new String[] {"wharf.example.org", ""}) {
            for (int length : new int[] {0, 1, 127, 128, 16_383, 16_384, 20_000}) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                Macaroon macaroon = new MacaroonsBuilder(location, key, ID)
                        .add_first_party_caveat("[1,[\"alpha\"]]")
                        .add_first_party_caveat("x".repeat(length))
                        .add_first_party_caveat("[0,1700000900,1700000000]")
                        .build();

                assertThat(TokenFormat.serialize(macaroon))
                        .as("location '%s', caveat of %d bytes", location, length)
                        .isEqualTo("pypi-" + macaroon.serialize(MacaroonsSerializer.V2));
            }
        }
    }

    /** Wharf neither mints nor accepts a third party's caveat, so it never writes one either. */
    @Test
    void refusesToWriteAThirdPartysCaveat() {
        Macaroon thirdParty = new MacaroonsBuilder("wharf.example.org", KEY, ID)
                .add_first_party_caveat("[1,[\"alpha\"]]")
                .add_third_party_caveat("https://auth.example.org", "another-secret-key-of-32-bytes!!", "third")
                .build();

        assertThatThrownBy(() -> TokenFormat.serialize(thirdParty)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesTheV1Format() {
        Macaroon minted = new MacaroonsBuilder("wharf.example.org", KEY, ID).build();

        assertThat(TokenFormat.parse(PYMACAROONS_V1)).isEmpty();
        assertThat(TokenFormat.parse("pypi-" + minted.serialize(MacaroonsSerializer.V1)))
                .isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "pypi-",
                "pypi",
                "pypi-!!!",
                "pypi-aaaa",
                "pypi-AgE",
                "PYPI-AgEIcHlwaS5vcmc",
                "pypi_AgEIcHlwaS5vcmc",
                "token",
                "pypi-AgEIcHlwaS5vcmcCJGQ0ZDhh==",
                "pypi-Ag+/",
                "pypi-\u00e9\u00e9\u00e9\u00e9",
                "pypi-AgEIcHlwaS5vcmcCJGQ0ZDhhNzA2LTUxYTEtNDg0NC1hNDlmLTEyZDRiYzNkYjZmOQAABi"
            })
    void refusesGarbage(String presented) {
        assertThat(TokenFormat.parse(presented)).isEmpty();
    }

    @Test
    void refusesAnythingLongerThanEightKibibytes() {
        Macaroon minted = new MacaroonsBuilder("wharf.example.org", KEY, ID)
                .add_first_party_caveat("x".repeat(7_000))
                .build();
        String tooLong = TokenFormat.serialize(minted);

        assertThat(tooLong.length()).isGreaterThan(TokenFormat.MAX_PRESENTED_CHARS);
        assertThat(TokenFormat.parse(tooLong)).isEmpty();
        assertThat(TokenFormat.parse("pypi-" + "A".repeat(1 << 20))).isEmpty();
    }

    @Test
    void refusesTrailingBytesAfterTheSignature() {
        String token = TokenFormat.serialize(new MacaroonsBuilder("wharf.example.org", KEY, ID).build());

        assertThat(TokenFormat.parse(token)).isPresent();
        assertThat(TokenFormat.parse(token + "AAAA")).isEmpty();
    }

    @Test
    void refusesIdentifiersThatAreNotUuids() {
        String notUuid = TokenFormat.serialize(new MacaroonsBuilder("wharf.example.org", KEY, "42").build());
        String upperCase =
                TokenFormat.serialize(new MacaroonsBuilder("wharf.example.org", KEY, ID.toUpperCase()).build());

        assertThat(TokenFormat.parse(notUuid)).isEmpty();
        assertThat(TokenFormat.parse(upperCase)).isEmpty();
    }

    @Test
    void refusesThirdPartyCaveats() {
        Macaroon minted = new MacaroonsBuilder("wharf.example.org", KEY, ID)
                .add_third_party_caveat("https://auth.example.org", "another-secret-key-of-32-bytes!!", "third")
                .build();

        assertThat(TokenFormat.parse("pypi-" + minted.serialize(MacaroonsSerializer.V2)))
                .isEmpty();
    }

    @Test
    void refusesMoreCaveatsThanABearerWouldAdd() {
        String tooMany = MacaroonBytes.token(
                "w", ID, Collections.nCopies(TokenFormat.MAX_CAVEATS + 1, "[1,[\"a\"]]"), new byte[32]);
        String enough =
                MacaroonBytes.token("w", ID, Collections.nCopies(TokenFormat.MAX_CAVEATS, "[1,[\"a\"]]"), new byte[32]);

        assertThat(TokenFormat.parse(enough)).isPresent();
        assertThat(TokenFormat.parse(tooMany)).isEmpty();
    }

    @Test
    void neverThrowsOnRandomInput() {
        Random random = new Random(20240611);
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = 2; // looks like V2, so the packet reader runs
            }
            String body = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            assertThat(TokenFormat.parse("pypi-" + body)).isEmpty();
        }
    }
}
