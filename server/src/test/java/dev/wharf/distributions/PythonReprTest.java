package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are what CPython 3 prints for {@code repr(s)}. */
class PythonReprTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "abc|'abc'",
                "``|''",
                "it's|\"it's\"",
                "say \"hi\"|'say \"hi\"'",
                "both ' and \"|'both \\' and \"'",
                "back\\slash|'back\\\\slash'",
                "caf\u00e9|'caf\u00e9'"
            })
    void quotesLikePython(String text, String repr) {
        assertThat(PythonRepr.of(text)).isEqualTo(repr);
    }

    @org.junit.jupiter.api.Test
    void escapesControlCharacters() {
        assertThat(PythonRepr.of("a\nb\tc\rd\0e\u007f\u200b")).isEqualTo("'a\\nb\\tc\\rd\\x00e\\x7f\\u200b'");
    }
}
