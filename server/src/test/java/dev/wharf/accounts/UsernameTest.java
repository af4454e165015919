package dev.wharf.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UsernameTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "alice",
                "Alice.Smith",
                "a_b-c.d",
                "x1",
                "0",
                "a23456789012345678901234567890123456789012345678z9"
            })
    void acceptsPypiOrgShapedNames(String name) {
        assertThat(new Username(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "-alice",
                "alice-",
                ".a",
                "a_",
                "al ice",
                "alice@example.org",
                "ålice",
                "a/b",
                "a23456789012345678901234567890123456789012345678901",
                "alice\n"
            })
    void refusesOtherNames(String name) {
        assertThatThrownBy(() -> new Username(name))
                .isInstanceOf(WharfException.class)
                .hasMessage(
                        "User names are 1-50 letters, digits, '.', '_' or '-', starting and ending with a letter or digit")
                .extracting(e -> ((WharfException) e).refusal())
                .isEqualTo(Refusal.BAD_REQUEST);
    }
}
