package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveLimitsTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void defaultsAreTheDocumentedOnes() {
        ArchiveLimits limits = ArchiveLimits.defaults();

        assertThat(limits.maxEntries()).isEqualTo(100_000);
        assertThat(limits.maxUncompressedTotal()).isEqualTo(4096 * MIB);
        assertThat(limits.maxMemberRead()).isEqualTo(16 * MIB);
        assertThat(limits.maxCompressionRatio()).isEqualTo(50.0);
        assertThat(limits.ratioThreshold()).isEqualTo(64 * MIB);
        assertThat(limits.ratioText()).isEqualTo("50");
    }

    @Test
    void theFourArgumentConstructorUsesPypisRatioThreshold() {
        assertThat(new ArchiveLimits(1, 2, 3, 4).ratioThreshold()).isEqualTo(64 * MIB);
    }

    // pypi.org: refuse when uncompressed > 64 MiB and uncompressed / size > 50.
    @ParameterizedTest
    @CsvSource({
        "67108864, 1, false", // exactly 64 MiB: never a bomb
        "67108865, 1342178, false", // ratio just under 50
        "67108865, 1342177, true", // ratio just over 50
        "104857600, 104857600, false", // large but incompressible
        "1048576, 1, false", // tiny file with a huge ratio: under the threshold
    })
    void appliesTheRatioRuleOnlyAboveTheThreshold(long uncompressed, long fileSize, boolean bomb) {
        assertThat(ArchiveLimits.defaults().exceedsRatio(uncompressed, fileSize))
                .isEqualTo(bomb);
    }

    @Test
    void printsAFractionalRatioAsIs() {
        assertThat(new ArchiveLimits(1, 2, 3, 12.5).ratioText()).isEqualTo("12.5");
    }

    @Test
    void refusesNonsensicalLimits() {
        assertThatThrownBy(() -> new ArchiveLimits(0, 1, 1, 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveLimits(1, 0, 1, 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveLimits(1, 1, Integer.MAX_VALUE, 50))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveLimits(1, 1, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveLimits(1, 1, 1, 50, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
