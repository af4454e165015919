package dev.wharf.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
    /** The RFC 6238 Appendix B (and RFC 4226 Appendix D) key for HMAC-SHA1: ASCII "12345678901234567890". */
    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 Appendix B, the SHA1 rows (8 digits, T0 = 0, X = 30). */
    @ParameterizedTest
    @CsvSource({
        "59, 0000000000000001, 94287082",
        "1111111109, 00000000023523EC, 07081804",
        "1111111111, 00000000023523ED, 14050471",
        "1234567890, 000000000273EF07, 89005924",
        "2000000000, 0000000003F940AA, 69279037",
        "20000000000, 0000000027BC86AA, 65353130"
    })
    void rfc6238AppendixBSha1(long unixTime, String stepHex, String totp) {
        long step = Totp.step(Instant.ofEpochSecond(unixTime));
        assertThat(step).isEqualTo(Long.parseUnsignedLong(stepHex, 16));
        assertThat(Totp.code(RFC_KEY, step, 8)).isEqualTo(totp);
    }

    /** RFC 4226 Appendix D: HOTP values for counters 0-9, 6 digits — TOTP is HOTP of the time step. */
    @ParameterizedTest
    @CsvSource({
        "0,755224",
        "1,287082",
        "2,359152",
        "3,969429",
        "4,338314",
        "5,254676",
        "6,287922",
        "7,162583",
        "8,399871",
        "9,520489"
    })
    void rfc4226AppendixD(long counter, String hotp) {
        assertThat(Totp.code(RFC_KEY, counter, 6)).isEqualTo(hotp);
    }

    @Test
    void digitsOutsideOneToEightAreAProgrammingError() {
        assertThatThrownBy(() -> Totp.code(RFC_KEY, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Totp.code(RFC_KEY, 1, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsOneStepEitherSideAndNoMore() {
        Instant now = Instant.ofEpochSecond(1111111111); // step 0x23523ED
        long step = Totp.step(now);
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step, 6), now, Long.MIN_VALUE))
                .hasValue(step);
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step - 1, 6), now, Long.MIN_VALUE))
                .hasValue(step - 1);
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step + 1, 6), now, Long.MIN_VALUE))
                .hasValue(step + 1);
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step - 2, 6), now, Long.MIN_VALUE))
                .isEmpty();
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step + 2, 6), now, Long.MIN_VALUE))
                .isEmpty();
    }

    @Test
    void stepsAtOrBeforeTheLastUsedOneAreNotAccepted() {
        Instant now = Instant.ofEpochSecond(1234567890);
        long step = Totp.step(now);
        String code = Totp.code(RFC_KEY, step, 6);
        assertThat(Totp.matchingStep(RFC_KEY, code, now, step - 1)).hasValue(step);
        assertThat(Totp.matchingStep(RFC_KEY, code, now, step)).isEmpty();
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step - 1, 6), now, step - 1))
                .isEmpty();
    }

    @Test
    void malformedCodesNeverMatch() {
        Instant now = Instant.ofEpochSecond(59);
        String code = Totp.code(RFC_KEY, Totp.step(now), 6);
        for (String bad : new String[] {
            null,
            "",
            code.substring(1),
            code + "0",
            " " + code.substring(1),
            "12345a",
            "１２３４５６",
            Totp.code(RFC_KEY, Totp.step(now), 8)
        }) {
            assertThat(Totp.matchingStep(RFC_KEY, bad, now, Long.MIN_VALUE))
                    .as(String.valueOf(bad))
                    .isEmpty();
        }
    }
}
