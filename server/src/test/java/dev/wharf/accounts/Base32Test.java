package dev.wharf.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {

    /** RFC 4648 §10 test vectors, padding removed. */
    @ParameterizedTest
    @CsvSource(value = {"'',''", "f,MY", "fo,MZXQ", "foo,MZXW6", "foob,MZXW6YQ", "fooba,MZXW6YTB", "foobar,MZXW6YTBOI"})
    void rfc4648Vectors(String plain, String encoded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        assertThat(Base32.encode(bytes)).isEqualTo(encoded);
        assertThat(Base32.decode(encoded)).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
        assertThat(Base32.decode(encoded.toLowerCase(java.util.Locale.ROOT)))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZXW6=", "MZXW1", "MZ XW", "MZXW6YTBOI0"})
    void refusesCharactersOutsideTheAlphabet(String text) {
        assertThat(Base32.decode(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1025, 100_000})
    void refusesOverlongInput(int length) {
        assertThat(Base32.decode("A".repeat(length))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 10, 20, 33})
    void roundTripsRandomBytes(int length) {
        byte[] bytes = Secrets.randomBytes(new SecureRandom(), length);
        assertThat(Base32.decode(Base32.encode(bytes)))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
    }
}
