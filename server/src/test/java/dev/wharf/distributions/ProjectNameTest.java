package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.errors.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectNameTest {

    /** The name-normalization spec's own example: all of these are "friendly-bard". */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "friendly-bard",
                "Friendly-Bard",
                "FRIENDLY-BARD",
                "friendly.bard",
                "friendly_bard",
                "friendly--bard",
                "FrIeNdLy-._.-bArD"
            })
    void normalizesTheSpecExamplesToOneName(String spelling) {
        ProjectName name = ProjectName.of(spelling);

        assertThat(name.normalized()).isEqualTo("friendly-bard");
        assertThat(name.filenameEscaped()).isEqualTo("friendly_bard");
        assertThat(name.display()).isEqualTo(spelling);
        assertThat(name).isEqualTo(ProjectName.of("friendly-bard")).hasSameHashCodeAs(ProjectName.of("friendly-bard"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "Z",
                "0",
                "requests",
                "zope.interface",
                "oslo_concurrency",
                "A1",
                "1a",
                "a-b_c.d",
                "x__y",
                "a.-_b"
            })
    void acceptsValidNames(String raw) {
        assertThat(ProjectName.of(raw).display()).isEqualTo(raw);
        assertThat(ProjectName.isValid(raw)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "_a", "a_", ".a", "a.", "a b", "a/b", "café", "a+b", "a\u212Ab", "\u0131", "a\n"})
    void refusesInvalidNamesWithPypisMessage(String raw) {
        assertThatThrownBy(() -> ProjectName.of(raw))
                .isInstanceOfSatisfying(
                        InvalidProjectNameException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.BAD_REQUEST))
                .hasMessage("The name '" + raw + "' is invalid.");
        assertThat(ProjectName.isValid(raw)).isFalse();
    }

    @Test
    void refusesNamesLongerThanTheLimit() {
        String longest = "a".repeat(ProjectName.MAX_LENGTH);

        assertThat(ProjectName.of(longest).normalized()).isEqualTo(longest);
        assertThatThrownBy(() -> ProjectName.of(longest + "a"))
                .isInstanceOf(InvalidProjectNameException.class)
                .hasMessageContaining("longer than 200 characters");
    }

    @ParameterizedTest
    @CsvSource({
        "Django, django",
        "oslo.concurrency, oslo-concurrency",
        "a__b..c--d, a-b-c-d",
        "-._weird_.-, -weird-",
        "'', ''"
    })
    void normalizeWorksOnAnyString(String raw, String expected) {
        assertThat(ProjectName.normalize(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "requests, true",
        "friendly-bard, true",
        "a, true",
        "Django, false",
        "friendly_bard, false",
        "friendly--bard, false",
        "-bard, false",
        "'', false"
    })
    void isNormalizedRequiresAValidNameInNormalForm(String raw, boolean expected) {
        assertThat(ProjectName.isNormalized(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "Foo-Bar, f00bar",
        "f00bar, f00bar",
        "FOO.BAR, f00bar",
        "pillow, p1110w",
        "PI1L0W, p1110w",
        "requests, requests"
    })
    void ultranormalizedIsPypisTooSimilarKey(String raw, String expected) {
        assertThat(ProjectName.of(raw).ultranormalized()).isEqualTo(expected);
    }

    @Test
    void differentNormalFormsAreDifferentProjects() {
        assertThat(ProjectName.of("foo-bar")).isNotEqualTo(ProjectName.of("foobar"));
    }
}
