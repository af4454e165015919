package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.errors.Refusal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WheelFilenameTest {

    @Test
    void parsesAPureWheel() {
        WheelFilename wheel = WheelFilename.parse("pip-23.0-py3-none-any.whl");

        assertThat(wheel.distribution()).isEqualTo("pip");
        assertThat(wheel.version()).isEqualTo(Version.parse("23.0"));
        assertThat(wheel.buildTag()).isEmpty();
        assertThat(wheel.pythonTags()).containsExactly("py3");
        assertThat(wheel.abiTags()).containsExactly("none");
        assertThat(wheel.platformTags()).containsExactly("any");
        assertThat(wheel.pyversionField()).isEqualTo("py3");
    }

    /** The binary-distribution-format spec's example of a build tag. */
    @Test
    void parsesTheSpecsBuildTagExample() {
        WheelFilename wheel = WheelFilename.parse("distribution-1.0-1-py27-none-any.whl");

        assertThat(wheel.distribution()).isEqualTo("distribution");
        assertThat(wheel.version().normalized()).isEqualTo("1.0");
        assertThat(wheel.buildTag()).contains(new WheelFilename.BuildTag(BigInteger.ONE, ""));
        assertThat(wheel.pythonTags()).containsExactly("py27");
    }

    @Test
    void splitsABuildTagIntoNumberAndSuffix() {
        WheelFilename wheel = WheelFilename.parse("foo-1.0-20240101abc-py3-none-any.whl");

        assertThat(wheel.buildTag()).hasValueSatisfying(tag -> {
            assertThat(tag.number()).isEqualTo(new BigInteger("20240101"));
            assertThat(tag.suffix()).isEqualTo("abc");
            assertThat(tag).hasToString("20240101abc");
        });
    }

    /** Compressed tag sets (platform-compatibility-tags spec) are split on '.'. */
    @Test
    void splitsCompressedTagSets() {
        WheelFilename numpy =
                WheelFilename.parse("numpy-2.0.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
        WheelFilename universal = WheelFilename.parse("six-1.16.0-py2.py3-none-any.whl");

        assertThat(numpy.pythonTags()).containsExactly("cp312");
        assertThat(numpy.abiTags()).containsExactly("cp312");
        assertThat(numpy.platformTags()).containsExactly("manylinux_2_17_x86_64", "manylinux2014_x86_64");
        assertThat(numpy.version().canonical()).isEqualTo("2");
        assertThat(universal.pythonTags()).containsExactly("py2", "py3");
        assertThat(universal.pyversionField()).isEqualTo("py2.py3");
    }

    @Test
    void keepsTheDistributionAsWrittenAndNormalizesOnRequest() {
        WheelFilename wheel = WheelFilename.parse("Foo_Bar.baz-1.0-py3-none-any.whl");

        assertThat(wheel.distribution()).isEqualTo("Foo_Bar.baz");
        assertThat(wheel.normalizedName()).isEqualTo("foo-bar-baz");
    }

    @Test
    void keepsTheVersionAsAVersionSoNonNormalSpellingsCompareEqual() {
        WheelFilename wheel = WheelFilename.parse("foo_bar-1.0.0-py3-none-any.whl");

        assertThat(wheel.version()).isEqualTo(Version.parse("1.0"));
        assertThat(wheel.version().normalized()).isEqualTo("1.0.0");
    }

    @Test
    void parsesRealWheelsShippedByDebian() {
        assertThat(WheelFilename.parse("setuptools-66.1.1-py3-none-any.whl").version())
                .isEqualTo(Version.parse("66.1.1"));
        assertThat(WheelFilename.parse("pip-23.0.1-py3-none-any.whl").distribution())
                .isEqualTo("pip");
    }

    /** Messages as packaging.utils.parse_wheel_filename words them (pypi.org shows them as-is). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // One row per case, kept on one line so each exact message reads whole.
                "foo-1.0-py3-none-any.zip|Invalid wheel filename (extension must be '.whl'): 'foo-1.0-py3-none-any.zip'",
                "foo-1.0-py3-none-any.WHL|Invalid wheel filename (extension must be '.whl'): 'foo-1.0-py3-none-any.WHL'",
                "foo_bar-1.0-py3-none.whl|Invalid wheel filename (wrong number of parts): 'foo_bar-1.0-py3-none'",
                "foo-1.0-1-2-py3-none-any.whl|Invalid wheel filename (wrong number of parts): 'foo-1.0-1-2-py3-none-any'",
                ".whl|Invalid wheel filename (wrong number of parts): ''",
                "foo__bar-1.0-py3-none-any.whl|Invalid project name: 'foo__bar-1.0-py3-none-any'",
                "foo+bar-1.0-py3-none-any.whl|Invalid project name: 'foo+bar-1.0-py3-none-any'",
                "-1.0-py3-none-any.whl|Invalid project name: '-1.0-py3-none-any'",
                "it's-1.0-py3-none-any.whl|Invalid project name: \"it's-1.0-py3-none-any\"",
                "foo-1.0_1-py3-none-any.whl|Invalid wheel filename (invalid version): 'foo-1.0_1-py3-none-any'",
                "foo-latest-py3-none-any.whl|Invalid wheel filename (invalid version): 'foo-latest-py3-none-any'",
                "foo-1.0-abc-py3-none-any.whl|Invalid build number: abc in 'foo-1.0-abc-py3-none-any'",
                "foo-1.0--py3-none-any.whl|Invalid build number:  in 'foo-1.0--py3-none-any'",
                "foo-1.0-py3--any.whl|Invalid wheel filename (empty tag): 'foo-1.0-py3--any'",
                "foo-1.0-py3.-none-any.whl|Invalid wheel filename (empty tag): 'foo-1.0-py3.-none-any'"
            })
    void refusesMalformedNamesWithPackagingsMessages(String filename, String message) {
        assertThatThrownBy(() -> WheelFilename.parse(filename))
                .isInstanceOfSatisfying(
                        InvalidWheelFilenameException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.BAD_REQUEST))
                .hasMessage(message);
    }

    @Test
    void escapesControlCharactersInMessagesAsPythonReprDoes() {
        assertThatThrownBy(() -> WheelFilename.parse("foo\u0001-1.0-py3-none-any.whl"))
                .hasMessage("Invalid project name: 'foo\\x01-1.0-py3-none-any'");
    }

    @Test
    void refusesFilenamesLongerThanTheLimit() {
        String name = "a".repeat(WheelFilename.MAX_LENGTH - "-1.0-py3-none-any.whl".length());

        assertThat(WheelFilename.parse(name + "-1.0-py3-none-any.whl").distribution())
                .isEqualTo(name);
        assertThatThrownBy(() -> WheelFilename.parse("a" + name + "-1.0-py3-none-any.whl"))
                .isInstanceOf(InvalidWheelFilenameException.class)
                .hasMessage("Invalid wheel filename (longer than 255 characters)");
    }

    @Test
    void tagListsAreImmutable() {
        WheelFilename wheel = WheelFilename.parse("six-1.16.0-py2.py3-none-any.whl");

        assertThatThrownBy(() -> wheel.pythonTags().add("py4")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(wheel).isEqualTo(WheelFilename.parse("six-1.16.0-py2.py3-none-any.whl"));
        assertThat(wheel.abiTags()).isEqualTo(List.of("none"));
    }
}
