package dev.wharf.publishing.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wharf.errors.Refusal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class IssuerTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://ghes.example.com/_services/token",
                "https://gitlab.example.com",
                "https://gitlab.example.com:8443",
                "https://token.actions.githubusercontent.com/octo-enterprise",
            })
    void acceptsHttpsIssuers(String url) {
        assertThatCode(() -> Issuer.checkUrl(url, false)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "gitlab.example.com",
                "http://gitlab.example.com",
                "ftp://gitlab.example.com",
                "https://",
                "https:///path",
                "https://user:pw@gitlab.example.com",
                "https://gitlab.example.com?x=1",
                "https://gitlab.example.com#frag",
                "https://gitlab.example.com/",
                "https://gitlab example.com",
                "http://127.0.0.1:8080",
                "HTTPS://gitlab.example.com",
            })
    void refusesOtherUrls(String url) {
        Throwable thrown = catchThrowable(() -> Issuer.checkUrl(url, false));
        assertThat(thrown).isInstanceOf(IssuerRefusedException.class);
        assertThat(((IssuerRefusedException) thrown).refusal()).isEqualTo(Refusal.BAD_REQUEST);
    }

    @Test
    void refusesNull() {
        assertThat(catchThrowable(() -> Issuer.checkUrl(null, true))).isInstanceOf(IssuerRefusedException.class);
    }

    @Test
    void refusesUrlsLongerThan512() {
        String url = "https://gitlab.example.com/" + "a".repeat(Issuer.MAX_URL_LENGTH);
        assertThat(catchThrowable(() -> Issuer.checkUrl(url, false))).hasMessageContaining("512");
        assertThatCode(() -> Issuer.checkUrl(url.substring(0, Issuer.MAX_URL_LENGTH), false))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://localhost:9000/issuer", "http://[::1]:8080"})
    void plainHttpOnLoopbackOnlyWhenAllowed(String url) {
        assertThatCode(() -> Issuer.checkUrl(url, true)).doesNotThrowAnyException();
        assertThat(catchThrowable(() -> Issuer.checkUrl(url, false))).isInstanceOf(IssuerRefusedException.class);
        assertThat(Issuer.custom(url, IssuerKind.GITHUB, Optional.empty(), true).isInsecureLocal())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://10.0.0.1",
                "http://example.com",
                "http://localhost.example.com",
                "http://127.0.0.1.nip.io"
            })
    void plainHttpElsewhereNeverAllowed(String url) {
        assertThat(catchThrowable(() -> Issuer.checkUrl(url, true))).isInstanceOf(IssuerRefusedException.class);
    }

    @ParameterizedTest
    @EnumSource(IssuerKind.class)
    void builtInIssuerIsTheCanonicalUrl(IssuerKind kind) {
        Issuer issuer = Issuer.builtIn(kind);
        assertThat(issuer.url()).isEqualTo(kind.canonicalUrl());
        assertThat(issuer.builtIn()).isTrue();
        assertThat(issuer.isInsecureLocal()).isFalse();
        assertThatCode(() -> Issuer.checkUrl(kind.canonicalUrl(), false)).doesNotThrowAnyException();
    }

    @Test
    void discoveryUrlFollowsOidcDiscovery() {
        assertThat(Issuer.custom("https://ghes.example.com/_services/token", IssuerKind.GITHUB, Optional.empty(), false)
                        .discoveryUrl())
                .isEqualTo("https://ghes.example.com/_services/token/.well-known/openid-configuration");
    }

    @Test
    void aBuiltInIssuerCannotClaimAnotherUrl() {
        assertThat(catchThrowable(() -> new Issuer("https://evil.example", IssuerKind.GITHUB, true, Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
