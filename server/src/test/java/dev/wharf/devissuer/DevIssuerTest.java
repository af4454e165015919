package dev.wharf.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DevIssuerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    private String get(String url, String bearer, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (bearer != null) {
            request.header("Authorization", "bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    @Test
    void issuesTokensLikeGitHubActionsThatVerifyAgainstItsPublishedKeys() throws Exception {
        DevIssuerSettings settings = new DevIssuerSettings(
                "octo-org",
                "4242",
                "octo-repo",
                "release.yml",
                "refs/tags/v1.0",
                Optional.of("pypi"),
                "push",
                Duration.ofMinutes(5));
        try (DevIssuer issuer = new DevIssuer(settings, Clock.systemUTC())) {
            URI url = issuer.start(0);
            JsonNode discovery = JSON.readTree(get(url + "/.well-known/openid-configuration", null, 200));
            assertThat(discovery.get("issuer").asString()).isEqualTo(url.toString());
            JWKSet keys = JWKSet.parse(get(discovery.get("jwks_uri").asString(), null, 200));
            assertThat(keys.getKeys())
                    .singleElement()
                    .satisfies(key -> assertThat(key.isPrivate()).isFalse());

            String body = get(issuer.requestUrl() + "&audience=wharf-test", issuer.requestToken(), 200);
            SignedJWT jwt = SignedJWT.parse(JSON.readTree(body).get("value").asString());
            RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
            var claims = jwt.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo(url.toString());
            assertThat(claims.getAudience()).containsExactly("wharf-test");
            assertThat(claims.getStringClaim("repository")).isEqualTo("octo-org/octo-repo");
            assertThat(claims.getStringClaim("repository_owner_id")).isEqualTo("4242");
            assertThat(claims.getStringClaim("job_workflow_ref"))
                    .isEqualTo("octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.0");
            assertThat(claims.getStringClaim("environment")).isEqualTo("pypi");
            assertThat(claims.getSubject()).isEqualTo("repo:octo-org/octo-repo:environment:pypi");
            assertThat(claims.getJWTID()).isNotBlank();
            assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
        }
    }

    @Test
    void refusesRequestsWithoutTheRequestTokenOrAudience() throws Exception {
        DevIssuerSettings settings = new DevIssuerSettings(
                "o", "1", "r", "ci.yaml", "refs/heads/main", Optional.empty(), "push", Duration.ofMinutes(5));
        try (DevIssuer issuer = new DevIssuer(settings, Clock.systemUTC())) {
            issuer.start(0);
            get(issuer.requestUrl() + "&audience=x", null, 401);
            get(issuer.requestUrl() + "&audience=x", "wrong", 401);
            get(issuer.requestUrl(), issuer.requestToken(), 400);
        }
    }

    /**
     * The id package requests with urllib3 {@code fields}, which appends {@code ?audience=} to a
     * URL that already has {@code ?api-version=2.0} (as id 1.6.0 does, github.com/di/id; 1.6.1
     * merges the two queries instead).
     */
    @Test
    void acceptsTheAudienceAsTheIdPackageAppendsIt() throws Exception {
        DevIssuerSettings settings = new DevIssuerSettings(
                "o", "1", "r", "ci.yaml", "refs/heads/main", Optional.empty(), "push", Duration.ofMinutes(5));
        try (DevIssuer issuer = new DevIssuer(settings, Clock.systemUTC())) {
            issuer.start(0);
            assertThat(issuer.requestUrl()).endsWith("?api-version=2.0");
            String body = get(issuer.requestUrl() + "?audience=127.0.0.1%3A8080", issuer.requestToken(), 200);
            SignedJWT jwt = SignedJWT.parse(JSON.readTree(body).get("value").asString());
            assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("127.0.0.1:8080");
        }
    }
}
