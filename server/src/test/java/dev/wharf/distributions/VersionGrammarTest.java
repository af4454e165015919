package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples from the version-specifiers specification (PEP 440). */
class VersionGrammarTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.0",
                "1",
                "2012.10",
                "1.0a1",
                "1.0b2.post345.dev456",
                "1.0rc1",
                "1!2.0",
                "v1.0",
                "1.0.post1",
                "1.0-1",
                "1.0.dev0",
                "1.0-ALPHA.1",
                "1.0c1",
                " 1.0 ",
                "1.0+ubuntu.1"
            })
    void validVersions(String version) {
        assertThat(VersionGrammar.isVersion(version)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not.a.version", "1.0.", ".1", "1.0+", "1.0+a..b", "1..0", "0.0.2.update1", "1.0 2"})
    void invalidVersions(String version) {
        assertThat(VersionGrammar.isVersion(version)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1.0+abc,true", "1.0+abc.5,true", "1.0,false", "1.0.post1,false", "nope+x,false"})
    void localVersions(String version, boolean local) {
        assertThat(VersionGrammar.isLocalVersion(version)).isEqualTo(local);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                ">=3.9",
                ">=3.8,<4",
                "~=3.10",
                "==3.*",
                "!=3.0.*",
                ">= 3.8 , < 4",
                "===foobar",
                "==1.0+local",
                "~=1.4.5.0",
                "<=2.0.dev1",
                ">2!1.0",
                "",
                ">=3.8,"
            })
    void validSpecifierSets(String specifier) {
        assertThat(VersionGrammar.isSpecifierSet(specifier)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"=>3", "3.8", ">=3.8.*", "~=3", "~=3.*", "<4+local", ">=", "== 1.0 .*", ">=3.8;", "=3"})
    void invalidSpecifierSets(String specifier) {
        assertThat(VersionGrammar.isSpecifierSet(specifier)).isFalse();
    }
}
