package dev.wharf.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, for what {@code java.net.http.HttpClient} hides: the reason phrase
 * of the status line (pypi.org puts upload errors there, twine prints it) and request bodies that
 * are deliberately malformed. One request per connection ({@code Connection: close}).
 */
public final class RawHttp {
    private static final int TIMEOUT_MILLIS = 60_000;
    private static final int MAX_RESPONSE = 16 * 1024 * 1024;

    private final URI base;

    public RawHttp(URI base) {
        this.base = base;
    }

    /** A response with its status line taken apart; header names are lower-cased. */
    public record Response(int status, String reason, Map<String, List<String>> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }

        @Override
        public String toString() {
            return status + " " + reason + " | " + text();
        }
    }

    public static String basicToken(String token) {
        return basic("__token__", token);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Posts an upload form to {@code /legacy/} with the given Authorization header (or none if null). */
    public Response upload(UploadForm form, String authorization) {
        return upload("/legacy/", form, authorization);
    }

    public Response upload(String path, UploadForm form, String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", form.contentTypeHeader());
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return send("POST", path, headers, form.body());
    }

    /** Sends one request; a Content-Length is added when there is a body. */
    public Response send(String method, String path, Map<String, String> headers, byte[] body) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n")
                    .append("Host: ")
                    .append(base.getHost())
                    .append(':')
                    .append(base.getPort())
                    .append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(socket.getInputStream(), method.equals("HEAD"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        String reason = parts.length > 2 ? parts[2] : "";
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        if (head || status == 304 || status == 204) {
            return new Response(status, reason, headers, new byte[0]);
        }
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        List<String> length = headers.getOrDefault("content-length", List.of());
        byte[] body;
        if (encoding.stream().anyMatch(e -> e.equalsIgnoreCase("chunked"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                out.writeBytes(in.readNBytes(size));
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
            body = out.toByteArray();
        } else if (!length.isEmpty()) {
            body = in.readNBytes(Integer.parseInt(length.getFirst()));
        } else {
            body = in.readNBytes(MAX_RESPONSE);
        }
        return new Response(status, reason, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
