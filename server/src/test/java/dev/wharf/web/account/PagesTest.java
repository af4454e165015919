package dev.wharf.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The login page's "next" parameter must never send the browser to another site. */
class PagesTest {
    @ParameterizedTest
    @CsvSource(
            nullValues = "NULL",
            value = {
                "/account/tokens, /account/tokens",
                "/project/foo/?x=1, /project/foo/?x=1",
                "//evil.example/, /account/",
                "/\\evil.example/, /account/",
                "https://evil.example/, /account/",
                "javascript:alert(1), /account/",
                "'', /account/",
                "NULL, /account/"
            })
    void onlyLocalPathsAreFollowed(String next, String expected) {
        assertThat(Pages.safeNext(next)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"/account/\r\nSet-Cookie: x=1"})
    void controlCharactersAreRefused(String next) {
        assertThat(Pages.safeNext(next)).isEqualTo("/account/");
    }
}
