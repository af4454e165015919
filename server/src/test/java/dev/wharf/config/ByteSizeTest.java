package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({
        "1024, 1024",
        "0, 0",
        "12b, 12",
        "512KiB, 524288",
        "100MiB, 104857600",
        "100 MiB, 104857600",
        "10GiB, 10737418240",
        "1TiB, 1099511627776",
        "1kb, 1000",
        "2MB, 2000000",
        "3gb, 3000000000",
        "1TB, 1000000000000",
        "' 7mib ', 7340032"
    })
    void parsesSizesWrittenForPeople(String text, long expected) {
        assertThat(ByteSize.parse("upload.max-file-size", text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "-1", "1.5GiB", "10 apples", "1 0MiB", "ten"})
    void refusesWhatIsNotASizeNamingTheKey(String text) {
        assertThatThrownBy(() -> ByteSize.parse("upload.max-file-size", text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("upload.max-file-size: '" + text + "' is not a size; write e.g. 100MiB or 10GiB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999999TiB", "99999999999999TB"})
    void refusesOverflowInsteadOfWrappingAround(String text) {
        assertThatThrownBy(() -> ByteSize.parse("upload.max-project-size", text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("upload.max-project-size: '" + text + "' is too large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999999999999999", "1234567890123456MiB"})
    void refusesNumbersLongerThanFifteenDigits(String text) {
        assertThatThrownBy(() -> ByteSize.parse("k", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("k: '");
    }
}
