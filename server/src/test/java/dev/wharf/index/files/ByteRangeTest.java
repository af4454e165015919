package dev.wharf.index.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §14.1.2 examples, against a 10 000-byte file unless stated otherwise. */
class ByteRangeTest {
    private static final long SIZE = 10_000;

    @ParameterizedTest
    @CsvSource({
        "bytes=0-99, 0, 100",
        "bytes=0-0, 0, 1",
        "bytes=9999-9999, 9999, 1",
        "bytes=100-, 100, 9900",
        "bytes=9000-20000, 9000, 1000",
        "bytes=-1024, 8976, 1024",
        "bytes=-1, 9999, 1",
        "bytes=-10000, 0, 10000",
        "bytes=-99999, 0, 10000",
        "'bytes= 5 - 9 ', 5, 5"
    })
    void satisfiableRanges(String header, long first, long length) {
        assertThat(ByteRange.parse(header, SIZE)).contains(new ByteRange(first, length, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=10000-", "bytes=10000-10001", "bytes=20000-30000", "bytes=-0"})
    void unsatisfiableRanges(String header) {
        assertThat(ByteRange.parse(header, SIZE))
                .hasValueSatisfying(range -> assertThat(range.unsatisfiable()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-1,5-9", "bytes=0-99, 200-299", "bytes=-5,-3"})
    void multipleRangesAreIgnored(String header) {
        assertThat(ByteRange.parse(header, SIZE)).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "bytes",
                "bytes=",
                "bytes=abc-def",
                "items=0-9",
                "Bytes=0-9",
                "bytes=5",
                "bytes=-",
                "bytes=1-x",
                "bytes=--5",
                "bytes=+1-2",
                "bytes=1--2",
                "bytes=99999999999999999999-"
            })
    void garbageIsIgnored(String header) {
        assertThat(ByteRange.parse(header, SIZE)).isEmpty();
    }

    @Test
    void overLongHeaderIsIgnored() {
        assertThat(ByteRange.parse("bytes=0-" + "9".repeat(200), SIZE)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-99", "bytes=0-", "bytes=-1024"})
    void nothingIsSatisfiableInAnEmptyFile(String header) {
        assertThat(ByteRange.parse(header, 0)).hasValueSatisfying(range -> {
            assertThat(range.unsatisfiable()).isTrue();
            assertThat(range.length()).isZero();
        });
    }

    @Test
    void suffixLongerThanTheFileIsTheWholeFile() {
        assertThat(ByteRange.parse("bytes=-1024", 10)).isEqualTo(Optional.of(new ByteRange(0, 10, false)));
    }
}
