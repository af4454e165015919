package dev.wharf.client;

import dev.wharf.text.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Uploads one distribution to {@code POST /legacy/} as a streamed multipart body (the file is never
 * held in memory), retrying transient failures: connection errors and 5xx, up to three attempts
 * with back-off. An identical file already on the index is a success (the index answers 200).
 */
public final class UploadClient {
    private static final int ATTEMPTS = 3;
    private final HttpClient http;
    private final URI uploadUrl;
    private final String token;

    public UploadClient(HttpClient http, URI uploadUrl, String token) {
        this.http = http;
        this.uploadUrl = uploadUrl;
        this.token = token;
    }

    /** The outcome of one file: success, or the server's message. */
    public record Result(String filename, boolean ok, String message) {}

    public Result upload(DistributionForm form) {
        String lastFailure = "no attempt made";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(request(form), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return new Result(form.filename(), true, "uploaded");
                }
                lastFailure = "HTTP " + status + " " + message(response);
                if (status < 500) {
                    return new Result(form.filename(), false, lastFailure);
                }
            } catch (IOException e) {
                lastFailure = "connection failed: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(form.filename(), false, "interrupted");
            }
            sleep(attempt);
        }
        return new Result(form.filename(), false, lastFailure + " (after " + ATTEMPTS + " attempts)");
    }

    private HttpRequest request(DistributionForm form) {
        String boundary = "wharf-" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        for (Map.Entry<String, String> field : form.fields()) {
            head.append("--")
                    .append(boundary)
                    .append("\r\n")
                    .append("Content-Disposition: form-data; name=\"")
                    .append(field.getKey())
                    .append("\"\r\n\r\n")
                    .append(field.getValue())
                    .append("\r\n");
        }
        head.append("--")
                .append(boundary)
                .append("\r\n")
                .append("Content-Disposition: form-data; name=\"content\"; filename=\"")
                .append(form.filename())
                .append("\"\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n");
        byte[] before = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] after = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long length;
        try {
            length = before.length + Files.size(form.file()) + after.length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> stream(before, form, after)), length);
        String basic = Base64.getEncoder().encodeToString(("__token__:" + token).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uploadUrl)
                .timeout(Duration.ofMinutes(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json")
                .POST(body)
                .build();
    }

    private static InputStream stream(byte[] before, DistributionForm form, byte[] after) {
        try {
            return new SequenceInputStream(java.util.Collections.enumeration(List.of(
                    new ByteArrayInputStream(before),
                    Files.newInputStream(form.file()),
                    new ByteArrayInputStream(after))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index's message: the JSON {@code message} when it sent JSON, else the first line of the body. */
    private static String message(HttpResponse<String> response) {
        HttpHeaders headers = response.headers();
        String body = response.body() == null ? "" : response.body().strip();
        if (headers.firstValue("Content-Type").orElse("").startsWith("application/json")) {
            try {
                var node = Json.MAPPER.readTree(body).get("message");
                if (node != null) {
                    return node.asString();
                }
            } catch (RuntimeException ignored) {
                // fall through to the raw body
            }
        }
        String first = body.lines().findFirst().orElse("");
        return first.length() > 500 ? first.substring(0, 500) : first;
    }

    private static void sleep(int attempt) {
        try {
            Thread.sleep(Duration.ofSeconds(attempt * 2L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
