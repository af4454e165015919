package dev.wharf.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsBuilder;
import com.github.nitram509.jmacaroons.MacaroonsVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Wharf signs and writes the tokens it mints; jmacaroons, which verifies them, is the reference. */
class MacaroonSignatureTest {
    private static final String ID = "0192f3a4-5b6c-7d8e-9fa0-b1c2d3e4f5a6";

    @Test
    void signsAndWritesByteForByteAsJmacaroonsBuildsTheSameMacaroon() {
        Random random = new Random(20261127);
        for (int caveatCount = 0; caveatCount <= 5; caveatCount++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            List<String> caveats = new ArrayList<>();
            MacaroonsBuilder builder = new MacaroonsBuilder("wharf.example.org", key, ID);
            for (int i = 0; i < caveatCount; i++) {
                String caveat = "[1,[\"project-" + i + "-" + "x".repeat(random.nextInt(300)) + "\"]]";
                caveats.add(caveat);
                builder.add_first_party_caveat(caveat);
            }
            Macaroon reference = builder.build();

            String minted =
                    TokenFormat.serialize("wharf.example.org", ID, caveats, MacaroonSignature.sign(key, ID, caveats));

            assertThat(minted).as("%d caveats", caveatCount).isEqualTo(TokenFormat.serialize(reference));
            Macaroon parsed = TokenFormat.parse(minted).orElseThrow();
            assertThat(new MacaroonsVerifier(parsed)
                            .satisfyGeneral(caveat -> true)
                            .isValid(key))
                    .isTrue();
        }
    }

    @Test
    void anotherKeyOrAnotherCaveatGivesAnotherSignature() {
        byte[] key = new byte[32];
        byte[] other = key.clone();
        other[31] = 1;
        List<String> caveats = List.of("[1,[\"alpha\"]]");

        byte[] signature = MacaroonSignature.sign(key, ID, caveats);

        assertThat(signature).hasSize(32);
        assertThat(MacaroonSignature.sign(other, ID, caveats)).isNotEqualTo(signature);
        assertThat(MacaroonSignature.sign(key, ID, List.of("[1,[\"alphb\"]]"))).isNotEqualTo(signature);
        assertThat(MacaroonSignature.sign(key, ID, List.of())).isNotEqualTo(signature);
    }
}
