package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.devissuer.DevIssuer;
import dev.wharf.devissuer.DevIssuerSettings;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmbientCredentialsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path scratch;

    /** The id package's own docstring examples (github.com/di/id, {@code id/_internal/oidc/ambient.py}). */
    @ParameterizedTest
    @CsvSource({
        "sigstore, SIGSTORE_ID_TOKEN",
        "http://test.audience, HTTP___TEST_AUDIENCE_ID_TOKEN",
        "pypi, PYPI_ID_TOKEN",
        "my-index, MY_INDEX_ID_TOKEN",
        "9lives, _LIVES_ID_TOKEN",
    })
    void gitLabVariableNamesFollowTheIdPackage(String audience, String variable) {
        assertThat(AmbientCredentials.gitLabVariable(audience)).isEqualTo(variable);
    }

    @Test
    void anExplicitFileWinsOverTheEnvironment() throws Exception {
        Path file = Files.writeString(scratch.resolve("token"), "  header.payload.signature\n");
        var credentials = new AmbientCredentials(Map.of("WHARF_X_ID_TOKEN", "other"), http);
        assertThat(credentials.detect("wharf-x", Optional.of(file))).isEqualTo("header.payload.signature");
    }

    @Test
    void gitLabTokensComeFromTheAudienceNamedVariable() {
        var credentials = new AmbientCredentials(Map.of("WHARF_EXAMPLE_ORG_ID_TOKEN", "a.b.c"), http);
        assertThat(credentials.detect("wharf.example.org", Optional.empty())).isEqualTo("a.b.c");
    }

    @Test
    void gitHubTokensAreRequestedWithTheAudience() throws Exception {
        var settings = new DevIssuerSettings(
                "o", "1", "r", "release.yml", "refs/heads/main", Optional.empty(), "push", Duration.ofMinutes(5));
        try (DevIssuer issuer = new DevIssuer(settings, Clock.systemUTC())) {
            issuer.start(0);
            var credentials = new AmbientCredentials(
                    Map.of(
                            "ACTIONS_ID_TOKEN_REQUEST_URL", issuer.requestUrl(),
                            "ACTIONS_ID_TOKEN_REQUEST_TOKEN", issuer.requestToken()),
                    http);
            String jwt = credentials.detect("wharf-aud", Optional.empty());
            assertThat(com.nimbusds.jwt.SignedJWT.parse(jwt).getJWTClaimsSet().getAudience())
                    .containsExactly("wharf-aud");

            var wrongToken = new AmbientCredentials(
                    Map.of(
                            "ACTIONS_ID_TOKEN_REQUEST_URL",
                            issuer.requestUrl(),
                            "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
                            "nope"),
                    http);
            assertThatThrownBy(() -> wrongToken.detect("wharf-aud", Optional.empty()))
                    .isInstanceOf(PublishException.class)
                    .hasMessageContaining("HTTP 401");
        }
    }

    @Test
    void withoutCredentialsTheMessageSaysWhatToConfigure() {
        var credentials = new AmbientCredentials(Map.of(), http);
        assertThatThrownBy(() -> credentials.detect("pypi", Optional.empty()))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("id-token: write")
                .hasMessageContaining("PYPI_ID_TOKEN")
                .hasMessageContaining("--id-token-file");
    }
}
