package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TarHeaderProbeTest {

    @Test
    void recognisesAUstarHeader() {
        byte[] header = TestArchives.header("demo-1.0/PKG-INFO", '0', 10, "");

        assertThat(TarHeaderProbe.isTarHeader(header, header.length)).isTrue();
    }

    @Test
    void refusesABadChecksum() {
        byte[] header = TestArchives.header("demo-1.0/PKG-INFO", '0', 10, "");
        header[0] ^= 1;

        assertThat(TarHeaderProbe.isTarHeader(header, header.length)).isFalse();
    }

    @Test
    void refusesAZeroBlockAndAShortBlock() {
        assertThat(TarHeaderProbe.isTarHeader(new byte[512], 512)).isFalse();
        byte[] header = TestArchives.header("x", '0', 0, "");
        assertThat(TarHeaderProbe.isTarHeader(header, 511)).isFalse();
    }

    @Test
    void refusesTheStartOfAZip() {
        byte[] wheel = TestArchives.validWheel();

        assertThat(TarHeaderProbe.isTarHeader(wheel, wheel.length)).isFalse();
    }
}
