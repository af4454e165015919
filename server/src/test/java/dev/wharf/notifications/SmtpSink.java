package dev.wharf.notifications;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real SMTP server for tests: aiosmtpd (Debian's python3-aiosmtpd) with a handler that appends every
 * message it accepts to a file, read back here.
 */
final class SmtpSink implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Process process;
    private final Path received;
    private final int port;

    /** A message as it arrived: envelope recipients, the Subject header and the decoded body. */
    record Received(String from, List<String> to, String subject, String body, String raw) {
    }

    private SmtpSink(Process process, Path received, int port) {
        this.process = process;
        this.received = received;
        this.port = port;
    }

    static SmtpSink start(Path scratch) throws IOException {
        Path script = scratch.resolve("smtp_sink.py");
        try (var in = SmtpSink.class.getResourceAsStream("smtp_sink.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path received = scratch.resolve("received-" + System.nanoTime() + ".jsonl");
        int port = freePort();
        Process process = new ProcessBuilder("/usr/bin/python3", script.toString(), Integer.toString(port), received.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            process.destroyForcibly();
            throw new IOException("aiosmtpd did not start: " + line);
        }
        return new SmtpSink(process, received, port);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    List<Received> messages() {
        try {
            List<Received> messages = new ArrayList<>();
            for (String line : Files.readAllLines(received, StandardCharsets.UTF_8)) {
                JsonNode node = JSON.readTree(line);
                List<String> to = new ArrayList<>();
                node.get("to").forEach(t -> to.add(t.asString()));
                messages.add(parse(node.get("from").asString(), to, node.get("data").asString()));
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to ten seconds for at least {@code count} messages. */
    List<Received> await(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (messages().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return messages();
    }

    private static Received parse(String from, List<String> to, String data) {
        int split = data.indexOf("\r\n\r\n");
        String headers = data.substring(0, split);
        String body = data.substring(split + 4);
        String subject = "";
        boolean base64 = false;
        for (String header : headers.split("\r\n")) {
            if (header.startsWith("Subject: ")) {
                subject = header.substring("Subject: ".length());
            }
            if (header.equalsIgnoreCase("Content-Transfer-Encoding: base64")) {
                base64 = true;
            }
        }
        if (subject.startsWith("=?UTF-8?B?")) {
            subject = new String(Base64.getDecoder().decode(subject.substring(10, subject.length() - 2)), StandardCharsets.UTF_8);
        }
        if (base64) {
            body = new String(Base64.getMimeDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new Received(from, to, subject, body.replace("\r\n", "\n"), data);
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
