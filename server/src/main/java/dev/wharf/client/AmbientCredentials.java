package dev.wharf.client;

import dev.wharf.text.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Finds the OpenID Connect ID token a CI job was given, the way the {@code id} package does
 * ({@code id/_internal/oidc/ambient.py} in github.com/di/id): an explicit file first, then GitHub Actions
 * ({@code ACTIONS_ID_TOKEN_REQUEST_URL} + {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}, requested with
 * the index's audience), then GitLab CI ({@code <AUDIENCE>_ID_TOKEN}, the name derived from the
 * audience: upper case, anything outside {@code [A-Z0-9_]} replaced by {@code _}).
 */
public final class AmbientCredentials {
    private static final int MAX_TOKEN = 16 * 1024;
    private final Map<String, String> environment;
    private final HttpClient http;

    public AmbientCredentials(Map<String, String> environment, HttpClient http) {
        this.environment = environment;
        this.http = http;
    }

    /** The ID token for {@code audience}, or a refusal that says which variables were looked for. */
    public String detect(String audience, Optional<Path> idTokenFile) {
        if (idTokenFile.isPresent()) {
            try {
                return bounded(Files.readString(idTokenFile.get()).strip(), "--id-token-file");
            } catch (IOException e) {
                throw new PublishException("Cannot read --id-token-file " + idTokenFile.get() + ": " + e.getMessage());
            }
        }
        String requestUrl = environment.get("ACTIONS_ID_TOKEN_REQUEST_URL");
        String requestToken = environment.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
        if (requestUrl != null && requestToken != null) {
            return fromGitHub(requestUrl, requestToken, audience);
        }
        String gitlabVariable = gitLabVariable(audience);
        String gitlabToken = environment.get(gitlabVariable);
        if (gitlabToken != null && !gitlabToken.isBlank()) {
            return bounded(gitlabToken.strip(), gitlabVariable);
        }
        throw new PublishException(
                "No OpenID Connect token found. On GitHub Actions give the job 'permissions: id-token: write' "
                        + "(ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN); on GitLab CI declare 'id_tokens: " + gitlabVariable
                        + ": aud: " + audience
                        + "'; elsewhere pass --id-token-file.");
    }

    /** GitLab's variable name for an audience, as the {@code id} package derives it. */
    static String gitLabVariable(String audience) {
        String upper = audience.toUpperCase(Locale.ROOT);
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < upper.length(); i++) {
            char c = upper.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            name.append(allowed ? c : '_');
        }
        return name + "_ID_TOKEN";
    }

    private String fromGitHub(String requestUrl, String requestToken, String audience) {
        String separator = requestUrl.contains("?") ? "&" : "?";
        URI uri =
                URI.create(requestUrl + separator + "audience=" + URLEncoder.encode(audience, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "bearer " + requestToken)
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new PublishException("GitHub: OIDC token request failed with HTTP " + response.statusCode());
            }
            JsonNode value = Json.MAPPER.readTree(response.body()).get("value");
            if (value == null || !value.isString()) {
                throw new PublishException("GitHub: malformed or incomplete JSON from the token endpoint");
            }
            return bounded(value.asString(), "GitHub's token endpoint");
        } catch (IOException e) {
            throw new PublishException("GitHub: OIDC token request failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted");
        } catch (tools.jackson.core.JacksonException e) {
            throw new PublishException("GitHub: the token endpoint did not answer JSON");
        }
    }

    private static String bounded(String token, String source) {
        if (token.isEmpty() || token.length() > MAX_TOKEN) {
            throw new PublishException(
                    "The ID token from " + source + " is empty or longer than " + MAX_TOKEN + " characters");
        }
        return token;
    }
}
