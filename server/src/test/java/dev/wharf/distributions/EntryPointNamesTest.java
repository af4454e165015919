package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryPointNamesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "[console_scripts]\npip = pip._internal.cli.main:main\npip3.11 = pip._internal.cli.main:main\n",
                "[gui_scripts]\nmy-app_2 = app:run\n",
                "; comment\n# comment\n[console_scripts]\n  indented-first = a:b\n",
                "[console_scripts]\nname : module:attr\n",
                "[console_scripts]\ncafé = m:f\n", // Python's \\w is Unicode-aware
                "[other.group]\nwhatever, even spaces = x\n",
                "[console_scripts]\nx = a:b\n  [continued value, not a section]\n",
            })
    void accepts(String text) {
        assertThat(EntryPointNames.valid(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[console_scripts]\n../evil = a:b\n",
                "[console_scripts]\nevil/x = a:b\n",
                "[gui_scripts]\nwith space = a:b\n",
                "key = value\n", // no section header
                "[console_scripts]\nno delimiter here\n",
                "[console_scripts]\n = a:b\n", // empty name
                "[a]\nx = 1\n[a]\ny = 2\n", // duplicate section
                "[a]\nx = 1\nX = 2\n", // duplicate option (names are lower-cased)
            })
    void refuses(String text) {
        assertThat(EntryPointNames.valid(text)).isFalse();
    }
}
