package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.errors.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SdistFilenameTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "foo_bar-1.0.tar.gz, foo_bar, 1.0",
        "foo-1.0.tar.gz, foo, 1.0",
        "Foo_Bar-1.0.tar.gz, Foo_Bar, 1.0",
        "foo-bar-1.0.tar.gz, foo-bar, 1.0",
        "foo_bar-1.0post1.tar.gz, foo_bar, 1.0.post1",
        "foo_bar-1!2.0rc1.post3.dev4.tar.gz, foo_bar, 1!2.0rc1.post3.dev4",
        "foo_bar-1.0.zip, foo_bar, 1.0"
    })
    void splitsAtTheLastDash(String filename, String distribution, String version) {
        SdistFilename sdist = SdistFilename.parse(filename);

        assertThat(sdist.distribution()).isEqualTo(distribution);
        assertThat(sdist.version().normalized()).isEqualTo(version);
    }

    /**
     * {@code foo_bar-1.0-post1.tar.gz} is an example pypi.org refuses as unparsable: split at
     * the last dash, its version part is {@code post1}, which is no version.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "foo_bar-1.0-post1.tar.gz",
                "foo_bar.tar.gz",
                "foo_bar-1.0.tar.bz2",
                "foo_bar-1.0.whl",
                "foo_bar-1.0.tgz",
                "foo_bar-1.0",
                "-1.0.tar.gz",
                "_foo-1.0.tar.gz",
                "foo bar-1.0.tar.gz",
                "foo_bar-.tar.gz",
                "foo_bar-latest.tar.gz",
                ".tar.gz",
                "foo_bar-1.0.TAR.GZ"
            })
    void refusesWithPypisMessage(String filename) {
        assertThatThrownBy(() -> SdistFilename.parse(filename))
                .isInstanceOfSatisfying(
                        InvalidSdistFilenameException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.BAD_REQUEST))
                .hasMessage("Invalid source distribution filename: " + filename);
    }

    @Test
    void refusesFilenamesLongerThanTheLimit() {
        String longest = "a".repeat(ProjectName.MAX_LENGTH) + "-1" + ".0".repeat(23) + ".tar.gz";
        String tooLong = "a".repeat(ProjectName.MAX_LENGTH) + "-1" + ".0".repeat(23) + "0.tar.gz";

        assertThat(longest).hasSize(SdistFilename.MAX_LENGTH);
        assertThat(SdistFilename.parse(longest).version().canonical()).isEqualTo("1");
        assertThatThrownBy(() -> SdistFilename.parse(tooLong))
                .isInstanceOf(InvalidSdistFilenameException.class)
                .hasMessageStartingWith("Invalid source distribution filename: aaaa")
                .hasMessageEndingWith("...");
    }

    /** The one name pypi.org accepts (PEP 625: escaped name, normalized version, {@code .tar.gz}). */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "foo_bar, 1.0, foo_bar-1.0.tar.gz",
        "Foo_Bar, 1.0, foo_bar-1.0.tar.gz",
        "foo-bar, 1.0, foo_bar-1.0.tar.gz",
        "Foo.Bar, 1.0-post1, foo_bar-1.0.post1.tar.gz",
        "foo_bar, 1.0post1, foo_bar-1.0.post1.tar.gz",
        "foo, 1.0.0, foo-1.0.0.tar.gz",
        "foo, v1!2.0RC1, foo-1!2.0rc1.tar.gz"
    })
    void expectedIsEscapedNameAndNormalizedVersion(String name, String version, String expected) {
        assertThat(SdistFilename.expected(ProjectName.of(name), Version.parse(version)))
                .isEqualTo(expected);
    }

    @Test
    void aZipSdistParsesButNeverMatchesTheExpectedName() {
        SdistFilename zip = SdistFilename.parse("foo_bar-1.0.zip");

        assertThat(SdistFilename.expected(ProjectName.of("foo-bar"), zip.version()))
                .isNotEqualTo("foo_bar-1.0.zip");
        assertThat(zip.normalizedName()).isEqualTo("foo-bar");
    }
}
