package dev.wharf.client;

import dev.wharf.text.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The two calls of the exchange, as the official GitHub action makes them: {@code GET /_/oidc/audience}
 * and {@code POST /_/oidc/mint-token {"token": ...}}, at the root of the repository URL's host. Unlike
 * the action, which always uses https, the repository URL's scheme is kept, so a development server
 * on plain http works too.
 */
public final class TokenExchange {
    private final HttpClient http;
    private final URI origin;

    public TokenExchange(HttpClient http, URI repositoryUrl) {
        this.http = http;
        this.origin = URI.create(repositoryUrl.getScheme() + "://" + repositoryUrl.getRawAuthority());
    }

    public String audience() {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(origin.resolve("/_/oidc/audience")).GET());
        if (response.statusCode() == 403) {
            throw new PublishException("The index at " + origin + " has trusted publishing disabled");
        }
        if (response.statusCode() == 404) {
            throw new PublishException("The index at " + origin + " does not indicate trusted publishing support");
        }
        JsonNode audience = json(response).get("audience");
        if (response.statusCode() != 200 || audience == null || !audience.isString()) {
            throw new PublishException("Audience retrieval failed: HTTP " + response.statusCode() + " from " + origin);
        }
        return audience.asString();
    }

    /** Exchanges the ID token; a refusal lists the index's error codes and descriptions. */
    public String mint(String idToken) {
        String body = Json.MAPPER.writeValueAsString(Map.of("token", idToken));
        HttpResponse<String> response = send(HttpRequest.newBuilder(origin.resolve("/_/oidc/mint-token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        JsonNode document = json(response);
        if (response.statusCode() == 200 && document.path("token").isString()) {
            return document.get("token").asString();
        }
        StringBuilder reasons = new StringBuilder(
                "Token request failed: the index refused the exchange (HTTP " + response.statusCode() + ")");
        for (JsonNode error : document.path("errors")) {
            reasons.append("\n  * ")
                    .append(error.path("code").asString("?"))
                    .append(": ")
                    .append(error.path("description").asString(""));
        }
        throw new PublishException(reasons.toString());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PublishException("Cannot reach " + origin + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted");
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(
                    response.body() == null || response.body().isEmpty() ? "{}" : response.body());
        } catch (tools.jackson.core.JacksonException e) {
            throw new PublishException("The index answered HTTP " + response.statusCode() + " without JSON; "
                    + "this suggests a server configuration or downtime issue");
        }
    }
}
