package dev.wharf.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenScopeTest {
    @Test
    void allProjectsAllowsAnyProject() {
        assertThat(TokenScope.allProjects().projects()).isEmpty();
        assertThat(TokenScope.allProjects().allows("anything")).isTrue();
    }

    @Test
    void projectScopeAllowsOnlyItsProjects() {
        TokenScope scope = TokenScope.projects(Set.of("beta", "alpha-one"));

        assertThat(scope.projects().orElseThrow()).containsExactly("alpha-one", "beta");
        assertThat(scope.allows("beta")).isTrue();
        assertThat(scope.allows("gamma")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Alpha",
                "alpha_one",
                "alpha.one",
                "alpha--one",
                "-alpha",
                "alpha-",
                "",
                "al pha",
                "\u00e9t\u00e9"
            })
    void refusesNamesThatAreNotPep503Normalized(String name) {
        assertThatThrownBy(() -> TokenScope.projects(Set.of(name)))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessageContaining("normalized");
    }

    @Test
    void refusesAnEmptyOrHugeProjectSet() {
        Set<String> many = new HashSet<>();
        IntStream.rangeClosed(0, TokenScope.MAX_PROJECTS).forEach(i -> many.add("p" + i));

        assertThatThrownBy(() -> TokenScope.projects(Set.of())).isInstanceOf(InvalidTokenRequestException.class);
        assertThatThrownBy(() -> TokenScope.projects(many)).isInstanceOf(InvalidTokenRequestException.class);
        assertThatThrownBy(() -> TokenScope.projects(Set.of("a".repeat(TokenScope.MAX_NAME_LENGTH + 1))))
                .isInstanceOf(InvalidTokenRequestException.class);
    }
}
