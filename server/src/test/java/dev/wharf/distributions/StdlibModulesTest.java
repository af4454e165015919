package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StdlibModulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"os", "OS", "asyncio", "json", "sys", "re", "typing", "tomllib", "sqlite3", "zipfile"})
    void topLevelModulesConflict(String name) {
        assertThat(StdlibModules.conflicts(ProjectName.of(name))).isTrue();
    }

    /** Dotted modules compare in normalized form: xml.etree is xml-etree is XML_Etree. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "xml.etree",
                "xml-etree",
                "XML_Etree",
                "xml.etree.ElementTree",
                "email.mime",
                "os.path",
                "concurrent.futures",
                "collections.abc",
                "importlib.metadata",
                "unittest.mock",
                "urllib.parse"
            })
    void dottedModulesAndTheirPrefixesConflict(String name) {
        assertThat(StdlibModules.conflicts(ProjectName.of(name))).isTrue();
    }

    /** As on pypi.org, leading and trailing underscores are stripped before comparing. */
    @ParameterizedTest
    @ValueSource(strings = {"future", "thread"})
    void underscoredModulesConflictWithoutTheirUnderscores(String name) {
        assertThat(StdlibModules.conflicts(ProjectName.of(name))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "requests",
                "numpy",
                "os2",
                "asyncio-extras",
                "xml-etree-extras",
                "xmltodict",
                "wharf",
                "email.foo",
                "test.support.foo"
            })
    void otherNamesDoNotConflict(String name) {
        assertThat(StdlibModules.conflicts(ProjectName.of(name))).isFalse();
    }
}
