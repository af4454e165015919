package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.errors.Refusal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    /** Every example of the version-specifiers spec's "Normalization" section, in order. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // Case sensitivity
        "1.1RC1, 1.1rc1",
        // Integer normalization
        "00, 0",
        "09000, 9000",
        "1.0+foo0100, 1.0+foo0100",
        // Pre-release separators
        "1.1.a1, 1.1a1",
        "1.1-a1, 1.1a1",
        "1.0a.1, 1.0a1",
        // Pre-release spelling
        "1.1alpha1, 1.1a1",
        "1.1beta2, 1.1b2",
        "1.1c3, 1.1rc3",
        // Implicit pre-release number
        "1.2a, 1.2a0",
        // Post release separators
        "1.2-post2, 1.2.post2",
        "1.2post2, 1.2.post2",
        "1.2.post-2, 1.2.post2",
        // Post release spelling
        "1.0-r4, 1.0.post4",
        // Implicit post release number
        "1.2.post, 1.2.post0",
        // Implicit post releases
        "1.0-1, 1.0.post1",
        // Development release separators
        "1.2-dev2, 1.2.dev2",
        "1.2dev2, 1.2.dev2",
        // Implicit development release number
        "1.2.dev, 1.2.dev0",
        // Local version segments
        "1.0+ubuntu-1, 1.0+ubuntu.1",
        // Preceding v character
        "v1.0, 1.0"
    })
    void normalizesTheSpecExamples(String raw, String normalized) {
        assertThat(Version.parse(raw).normalized()).isEqualTo(normalized);
        assertThat(Version.parse(raw)).isEqualTo(Version.parse(normalized));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1.1pre1, 1.1rc1",
        "1.1preview1, 1.1rc1",
        "1.0rev3, 1.0.post3",
        "1.0_a_1, 1.0a1",
        "V1.0, 1.0",
        "1!2.0, 1!2.0",
        "0!2.0, 2.0",
        "1.0A1.POST2.DEV3+ABC.D-E_F, 1.0a1.post2.dev3+abc.d.e.f",
        "1.0+01, 1.0+1",
        "1.0+abc.007, 1.0+abc.7",
        "1.0a1-1, 1.0a1.post1",
        "1.0.0.0.0, 1.0.0.0.0",
        "123456789012345678901234567890, 123456789012345678901234567890"
    })
    void normalizesOtherPermittedSpellings(String raw, String normalized) {
        assertThat(Version.parse(raw).normalized()).isEqualTo(normalized);
    }

    @ParameterizedTest
    @ValueSource(strings = {" 1.0", "1.0\n", "\t1.0\r\n", "\f1.0\u000B"})
    void ignoresTheSpecsLeadingAndTrailingWhitespace(String raw) {
        assertThat(Version.parse(raw).normalized()).isEqualTo("1.0");
    }

    /** "1.0-" is named by the spec as not a valid version; the others are plainly not PEP 440. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1.0-",
                "foo",
                "1.0.",
                ".1",
                "1..0",
                "1.0a1a2",
                "1.0+",
                "1.0+abc..1",
                "1.0+abc-",
                "1.0+ab c",
                "vv1.0",
                "1.0 1",
                "1!",
                "!1.0",
                "1.0-dev-1-1",
                "1.0-1a",
                "1.0+abc+def",
                "1.0.post1.post2",
                "1.0\u212A",
                "1.0\u0000",
                "１.0",
                "1.0-ﾠ",
                "v",
                "1.0_1",
                "1.0.1-"
            })
    void refusesInvalidVersionsWithPypisMessage(String raw) {
        assertThatThrownBy(() -> Version.parse(raw))
                .isInstanceOfSatisfying(
                        InvalidVersionException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.BAD_REQUEST))
                .hasMessage("'" + raw + "' is invalid for 'version'");
    }

    @Test
    void refusesInputLongerThanTheLimit() {
        String longest = "v1" + ".0".repeat(63);
        String tooLong = longest + "0";

        assertThat(longest).hasSize(Version.MAX_LENGTH);
        assertThat(Version.parse(longest).canonical()).isEqualTo("1");
        assertThatThrownBy(() -> Version.parse(tooLong))
                .isInstanceOf(InvalidVersionException.class)
                .hasMessageEndingWith("is invalid for 'version' (longer than 128 characters)");
    }

    /** packaging.utils.canonicalize_version, including its own doctest examples. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1.0.1, 1.0.1",
        "1.0.0, 1",
        "1.4.0.0.0, 1.4",
        "1.0, 1",
        "1.4.0, 1.4",
        "0.0, 0",
        "0, 0",
        "1.0.10, 1.0.10",
        "1.0.0rc1, 1rc1",
        "1.0.0.post0, 1.post0",
        "1!2.0.0, 1!2",
        "1.0.0+abc.0, 1+abc.0",
        "v1.0-1, 1.post1"
    })
    void canonicalStripsTrailingZeroReleaseComponents(String raw, String canonical) {
        assertThat(Version.parse(raw).canonical()).isEqualTo(canonical);
    }

    /** The version-specifiers spec's ordering example ("many of the possible combinations"). */
    private static final List<String> SPEC_ORDER = List.of(
            "1.dev0",
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0rc1.dev456",
            "1.0rc1",
            "1.0",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0+5",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.0.15",
            "1.1.dev1");

    @Test
    void ordersTheSpecExample() {
        assertStrictlyIncreasing(SPEC_ORDER);
    }

    @Test
    void sortingAShuffledSpecExampleRestoresIt() {
        List<Version> shuffled =
                new ArrayList<>(SPEC_ORDER.stream().map(Version::parse).toList());
        Collections.shuffle(shuffled, new Random(440));

        Collections.sort(shuffled);

        assertThat(shuffled).extracting(Version::normalized).containsExactlyElementsOf(SPEC_ORDER);
    }

    @Test
    void ordersDevPreAndPostSuffixesOfOneRelease() {
        assertStrictlyIncreasing(List.of(
                "1.0.dev1",
                "1.0a1.dev1",
                "1.0a1",
                "1.0a1.post1.dev1",
                "1.0a1.post1",
                "1.0",
                "1.0.post1.dev1",
                "1.0.post1"));
    }

    @Test
    void ordersEpochsAndTheSpecsEpochExample() {
        assertStrictlyIncreasing(List.of("2013.10", "2014.04", "1!1.0", "1!1.1", "1!2.0"));
    }

    @Test
    void ordersPreReleaseKindsAndTheirSpellings() {
        assertStrictlyIncreasing(List.of("1.0a2", "1.0beta1", "1.0b2", "1.0c1", "1.0rc2", "1.0pre3", "1.0preview4"));
    }

    /** Spec, "Local version identifiers": numbers beat text; a longer matching label wins. */
    @Test
    void ordersLocalLabels() {
        assertStrictlyIncreasing(List.of(
                "1.0",
                "1.0+a",
                "1.0+a.b",
                "1.0+a.1",
                "1.0+b",
                "1.0+Z9",
                "1.0+zz",
                "1.0+0",
                "1.0+2",
                "1.0+10",
                "1.0+10.a"));
    }

    @Test
    void ordersBigNumbers() {
        assertStrictlyIncreasing(List.of("99999999999999999999", "100000000000000000000", "100000000000000000000.1"));
    }

    @ParameterizedTest(name = "{0} == {1}")
    @CsvSource({
        "1.0, 1.0.0",
        "1, 1.0.0.0",
        "v1.0, 1.0",
        "1.0c1, 1.0rc1",
        "1.0-1, 1.0.post1",
        "1.0+01, 1.0+1",
        "1.0+ABC, 1.0+abc",
        "1.0+a-b, 1.0+a_b",
        "0!1.0, 1.0",
        "1.0.dev, 1.0.dev0"
    })
    void equalVersionsAreEqualAndHashAlike(String a, String b) {
        Version x = Version.parse(a);
        Version y = Version.parse(b);

        assertThat(x).isEqualTo(y).hasSameHashCodeAs(y);
        assertThat(x.compareTo(y)).isZero();
    }

    @ParameterizedTest(name = "{0} != {1}")
    @CsvSource({"1.0, 1.0+0", "1.0, 1.0.post0", "1.0, 1.0a0", "1.0, 1.0.dev0", "1.0, 1!1.0", "1.0.post0, 1.0.post0.dev0"
    })
    void differentVersionsAreNotEqual(String a, String b) {
        assertThat(Version.parse(a)).isNotEqualTo(Version.parse(b));
    }

    @Test
    void reportsItsKind() {
        Version dev = Version.parse("1.0.dev1");
        Version pre = Version.parse("1.0rc1");
        Version post = Version.parse("1.0.post1");
        Version local = Version.parse("1.0+Ubuntu-1");

        assertThat(dev.isPrerelease()).isTrue();
        assertThat(dev.isDevelopment()).isTrue();
        assertThat(pre.isPrerelease()).isTrue();
        assertThat(pre.isDevelopment()).isFalse();
        assertThat(post.isPrerelease()).isFalse();
        assertThat(post.isPostRelease()).isTrue();
        assertThat(Version.parse("1.0.post1.dev1").isPrerelease()).isTrue();
        assertThat(local.isLocal()).isTrue();
        assertThat(local.local()).contains("ubuntu.1");
        assertThat(local.publicVersion()).isEqualTo("1.0");
        assertThat(local.withoutLocal()).isEqualTo(Version.parse("1.0"));
        assertThat(local.withoutLocal().isLocal()).isFalse();
        assertThat(post.local()).isEmpty();
        assertThat(post.withoutLocal()).isSameAs(post);
        assertThat(Version.parse("1!2.0b1.post3.dev4+x").publicVersion()).isEqualTo("1!2.0b1.post3.dev4");
    }

    @Test
    void toStringIsTheNormalForm() {
        assertThat(Version.parse("V1.0-R4")).hasToString("1.0.post4");
    }

    private static void assertStrictlyIncreasing(List<String> spellings) {
        List<Version> versions = spellings.stream().map(Version::parse).toList();
        for (int i = 0; i < versions.size(); i++) {
            for (int j = 0; j < versions.size(); j++) {
                assertThat(Integer.signum(versions.get(i).compareTo(versions.get(j))))
                        .as("%s vs %s", spellings.get(i), spellings.get(j))
                        .isEqualTo(Integer.compare(i, j));
            }
        }
    }
}
