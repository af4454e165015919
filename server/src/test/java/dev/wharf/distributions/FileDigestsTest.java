package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileDigestsTest {

    @Test
    void ofEmptyBytes() {
        assertThat(FileDigests.of(new byte[0])).isEqualTo(StreamingDigesterTest.EMPTY);
    }

    @Test
    void ofAbc() {
        FileDigests digests = FileDigests.of("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(digests.md5()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(digests.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(digests.blake2b256()).isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    }

    @ParameterizedTest
    @CsvSource({
        // uppercase md5
        "D41D8CD98F00B204E9800998ECF8427E, e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, 0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
        // short sha256
        "d41d8cd98f00b204e9800998ecf8427e, e3b0c44298fc1c149afbf4c8996fb924, 0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
        // non-hex blake2b
        "d41d8cd98f00b204e9800998ecf8427e, e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, zz5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
    })
    void refusesDigestsThatAreNotLowercaseHexOfTheRightLength(String md5, String sha256, String blake2b) {
        assertThatThrownBy(() -> new FileDigests(md5, sha256, blake2b)).isInstanceOf(IllegalArgumentException.class);
    }
}
