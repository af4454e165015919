package dev.wharf.index.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentNegotiationTest {

    private static SimpleFormat choose(String accept) {
        return ContentNegotiation.choose(accept, Optional.empty());
    }

    /** The Accept headers real clients send (pip, uv, pdm, poetry, hatch), negotiated as PEP 691 says. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "pip >= 22.2 and pdm | application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01 | V1_JSON",
                "uv                  | application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01 | V1_JSON",
                "poetry              | application/vnd.pypi.simple.v1+json, */*;q=0.1 | V1_JSON",
                "hatch               | */* | HTML",
                "old pip             | text/html | HTML"
            })
    void realClients(String client, String accept, SimpleFormat expected) {
        assertThat(choose(accept)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void noHeaderMeansHtml(String accept) {
        assertThat(choose(accept)).isEqualTo(SimpleFormat.HTML);
    }

    @Test
    void plainJsonGetsHtmlAsOnPypiOrg() {
        assertThat(choose("application/json")).isEqualTo(SimpleFormat.HTML);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "application/vnd.pypi.simple.v1+json;q=0.2, text/html;q=0.9 | HTML",
                "application/vnd.pypi.simple.v1+json;q=0.9, text/html;q=0.2 | V1_JSON",
                "application/vnd.pypi.simple.v1+json;q=0.5, application/vnd.pypi.simple.v1+html;q=0.5 | V1_HTML",
                "text/html;q=0.5, application/vnd.pypi.simple.v1+html;q=0.5, application/vnd.pypi.simple.v1+json;q=0.5 | HTML",
                "application/vnd.pypi.simple.v1+html | V1_HTML",
                "application/vnd.pypi.simple.v1+json | V1_JSON",
                "APPLICATION/VND.PYPI.SIMPLE.V1+JSON | V1_JSON",
                "application/vnd.pypi.simple.v1+json;Q=0.3, text/html;q=0.2 | V1_JSON",
                "application/*;q=0.8, text/html;q=0.5 | V1_HTML",
                "*/*;q=0.1, application/vnd.pypi.simple.v1+json;q=0 | HTML",
                "text/html;q=0, application/vnd.pypi.simple.v1+json;q=0.001 | V1_JSON",
                "text/html;q=0 | HTML",
                "text/*, application/vnd.pypi.simple.v1+json;q=0.9 | HTML"
            })
    void highestQualityWinsAndTiesGoToTheServerOrder(String accept, SimpleFormat expected) {
        assertThat(choose(accept)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "application/vnd.pypi.simple.latest+json | V1_JSON",
                "application/vnd.pypi.simple.latest+html | V1_HTML",
                "application/vnd.pypi.simple.latest+json, text/html;q=0.1 | V1_JSON"
            })
    void latestAliasesAreAnsweredWithV1(String accept, SimpleFormat expected) {
        assertThat(choose(accept)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "application/vnd.pypi.simple.v1+json | text/html | V1_JSON",
                "text/html | application/vnd.pypi.simple.v1+json | HTML",
                "application/vnd.pypi.simple.latest+json | | V1_JSON",
                "' Application/Vnd.Pypi.Simple.V1+Html ' | application/vnd.pypi.simple.v1+json | V1_HTML"
            })
    void formatParameterOverridesTheHeader(String format, String accept, SimpleFormat expected) {
        assertThat(ContentNegotiation.choose(accept, Optional.of(format))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "", "garbage"})
    void unknownFormatParameterFallsBackToTheHeader(String format) {
        assertThat(ContentNegotiation.choose("application/vnd.pypi.simple.v1+json", Optional.of(format)))
                .isEqualTo(SimpleFormat.V1_JSON);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                ",,,;;;",
                "application/vnd.pypi.simple.v1+json;q=abc",
                "application/vnd.pypi.simple.v1+json;q=",
                "\u0000\u0001",
                "image/png",
                ";q=1",
                "application/vnd.pypi.simple.v1+json;q=-1",
                "application/vnd.pypi.simple.v1+json;q=NaN"
            })
    void garbageNeverFailsAndFallsBackToHtml(String accept) {
        assertThat(choose(accept)).isEqualTo(SimpleFormat.HTML);
    }

    @Test
    void qAboveOneCountsAsOne() {
        assertThat(choose("application/vnd.pypi.simple.v1+json;q=7, text/html")).isEqualTo(SimpleFormat.HTML);
    }

    @Test
    void overLongHeaderIsTreatedAsAbsent() {
        String accept = "application/vnd.pypi.simple.v1+json, " + "x/y, ".repeat(1000);
        assertThat(accept.length()).isGreaterThan(ContentNegotiation.MAX_ACCEPT);
        assertThat(choose(accept)).isEqualTo(SimpleFormat.HTML);
    }

    @Test
    void onlyTheFirstRangesOfAManyRangedHeaderCount() {
        // Within the length limit but with more ranges than are read: the JSON range at the end is never seen.
        String accept = "a/b,".repeat(100) + "application/vnd.pypi.simple.v1+json";
        assertThat(accept.length()).isLessThan(ContentNegotiation.MAX_ACCEPT);
        assertThat(choose(accept)).isEqualTo(SimpleFormat.HTML);
    }
}
