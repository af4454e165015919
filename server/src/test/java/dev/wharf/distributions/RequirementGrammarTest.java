package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PEP 508 dependency specifiers, with examples from the specification. */
class RequirementGrammarTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "A",
                "A.B-C_D",
                "aa",
                "name",
                "name<=1",
                "name>=3",
                "name>=3,<2",
                "name@http://foo.com",
                "name [fred,bar] @ http://foo.com ; python_version=='2.7'",
                "name[quux, strange];python_version<'2.7' and platform_version=='2'",
                "name; os_name=='a' or os_name=='b'",
                "name; os_name=='a' and os_name=='b' or os_name=='c'",
                "name; os_name=='a' and (os_name=='b' or os_name=='c')",
                "name; os_name=='a' or (os_name=='b' and os_name=='c')",
                "jaraco.packaging (>=9) ; extra == 'docs'",
                "foo[] >= 1",
                "foo; 'linux' in sys_platform",
                "foo; platform_machine not in 'x86_64 arm64'",
                "foo ; extra == \"test\""
            })
    void validRequirements(String requirement) throws RequirementGrammar.SyntaxError {
        assertThat(RequirementGrammar.parse(requirement).name()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-foo",
                "foo-",
                "foo bar",
                "foo[bar",
                "foo[bar baz]",
                "foo >=",
                "foo (>=1",
                "foo; ",
                "foo; os_name",
                "foo; bogus == 'x'",
                "foo; os_name == 'a' and",
                "foo; (os_name == 'a'",
                "foo; os_name == 'unterminated",
                "foo @ ",
                "foo @ https://x.example/y.whl;extra=='a' trailing",
                "foo; os_name not 'a'",
                "foo=>1"
            })
    void invalidRequirements(String requirement) {
        assertThatThrownBy(() -> RequirementGrammar.parse(requirement))
                .isInstanceOf(RequirementGrammar.SyntaxError.class);
    }

    @Test
    void urlRequirementIsRecognizedAndDisplayedLikePackaging() throws RequirementGrammar.SyntaxError {
        RequirementGrammar.Requirement r =
                RequirementGrammar.parse("Foo [b, a] @ https://x.example/f.whl ; os_name == 'nt'");
        assertThat(r.name()).isEqualTo("Foo");
        assertThat(r.extras()).containsExactly("b", "a");
        assertThat(r.url()).isEqualTo("https://x.example/f.whl");
        assertThat(r.display()).isEqualTo("Foo[a,b]@ https://x.example/f.whl ; os_name == 'nt'");
        assertThat(RequirementGrammar.parse("foo>=1.0").url()).isNull();
    }

    @Test
    void urlNeedsWhitespaceBeforeMarker() {
        // The URL runs to the next whitespace, so "url;marker" is one URL, and "url ;marker" needs the gap.
        assertThatThrownBy(() -> RequirementGrammar.parse("foo @ https://x.example/f.whl extra"))
                .isInstanceOf(RequirementGrammar.SyntaxError.class);
    }
}
