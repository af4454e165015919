package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPDX expression syntax as PEP 639 uses it; examples from PEP 639 and the SPDX annex. */
class LicenseExpressionGrammarTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "MIT",
                "BSD-3-Clause",
                "MIT AND (Apache-2.0 OR BSD-2-Clause)",
                "MIT OR GPL-2.0-or-later OR (FSFUL AND BSD-2-Clause)",
                "GPL-3.0-only WITH Classpath-exception-2.0 OR BSD-3-Clause",
                "LicenseRef-Special-License OR CC0-1.0 OR Unlicense",
                "LicenseRef-Proprietary",
                "mit or apache-2.0",
                "GPL-2.0+",
                "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
                "((MIT))"
            })
    void valid(String expression) {
        assertThat(LicenseExpressionGrammar.isValid(expression)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "MIT OR",
                "OR MIT",
                "MIT AND",
                "(MIT",
                "MIT)",
                "MIT Apache-2.0",
                "MIT WITH",
                "WITH MIT",
                "MIT WITH AND",
                "LicenseRef-",
                "MIT OR OR Apache-2.0",
                "()",
                "MIT/Apache-2.0"
            })
    void invalid(String expression) {
        assertThat(LicenseExpressionGrammar.isValid(expression)).isFalse();
    }
}
