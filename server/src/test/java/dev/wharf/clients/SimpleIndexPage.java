package dev.wharf.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One project's PEP 691 JSON page as the tests read it: filename to sha256, and each file's URL
 * and core-metadata digest. Fetched with the same Accept header pip sends, so what the test sees
 * is what an installer sees.
 */
record SimpleIndexPage(int status, Map<String, String> sha256ByFilename, Map<String, JsonNode> files) {
    static final String PEP691_JSON = "application/vnd.pypi.simple.v1+json";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** GET {@code <base>/simple/<normalized>/}; a 404 gives an empty page with status 404. */
    static SimpleIndexPage fetch(URI base, String normalizedName) {
        return fetch(HTTP, base, normalizedName);
    }

    /** The same, through {@code http} (e.g. one that trusts a test CA, for an HTTPS Wharf). */
    static SimpleIndexPage fetch(HttpClient http, URI base, String normalizedName) {
        HttpResponse<byte[]> response = get(http, URI.create(base + "/simple/" + normalizedName + "/"), PEP691_JSON);
        if (response.statusCode() != 200) {
            return new SimpleIndexPage(response.statusCode(), Map.of(), Map.of());
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith(PEP691_JSON)) {
            throw new AssertionError("expected " + PEP691_JSON + " but got Content-Type " + type);
        }
        JsonNode page = JSON.readTree(response.body());
        Map<String, String> hashes = new TreeMap<>();
        Map<String, JsonNode> files = new TreeMap<>();
        for (JsonNode file : page.path("files")) {
            String filename = file.path("filename").asString();
            hashes.put(filename, file.path("hashes").path("sha256").asString());
            files.put(filename, file);
        }
        return new SimpleIndexPage(200, Map.copyOf(hashes), Map.copyOf(files));
    }

    /** The absolute download URL of {@code filename} (PEP 691 URLs may be relative). */
    URI urlOf(URI base, String filename) {
        return URI.create(base + "/simple/")
                .resolve(files.get(filename).path("url").asString());
    }

    /** The advertised sha256 of the file's {@code .metadata} (PEP 658/714), if any. */
    Optional<String> coreMetadataSha256(String filename) {
        JsonNode coreMetadata = files.get(filename).path("core-metadata");
        return coreMetadata.isObject() ? Optional.of(coreMetadata.path("sha256").asString()) : Optional.empty();
    }

    static HttpResponse<byte[]> get(URI uri, String accept) {
        return get(HTTP, uri, accept);
    }

    private static HttpResponse<byte[]> get(HttpClient http, URI uri, String accept) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Accept", accept)
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
