package dev.wharf.notifications;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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

    /**
     * A message as it arrived: envelope sender and recipients, the decoded Subject and body (read by
     * Jakarta Mail's MIME parser), the raw text, the AUTH login if any, and whether TLS was on.
     */
    record Received(String from, List<String> to, String subject, String body, String raw, String login, boolean tls) {}

    private SmtpSink(Process process, Path received, int port) {
        this.process = process;
        this.received = received;
        this.port = port;
    }

    /** @param options the script's options: {@code --starttls CERT KEY}, {@code --tls CERT KEY}, {@code --auth USER:PASSWORD} */
    static SmtpSink start(Path scratch, String... options) throws IOException {
        Path script = scratch.resolve("smtp_sink.py");
        try (var in = SmtpSink.class.getResourceAsStream("smtp_sink.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path received = scratch.resolve("received-" + System.nanoTime() + ".jsonl");
        int port = freePort();
        List<String> command = new ArrayList<>(
                List.of("/usr/bin/python3", script.toString(), Integer.toString(port), received.toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
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
                JsonNode login = node.get("login");
                messages.add(parse(
                        node.get("from").asString(),
                        to,
                        node.get("data").asString(),
                        login == null || login.isNull() ? null : login.asString(),
                        node.get("tls").asBoolean()));
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

    private static Received parse(String from, List<String> to, String data, String login, boolean tls) {
        try {
            MimeMessage message = new MimeMessage(
                    Session.getInstance(new Properties()),
                    new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)));
            String body = String.valueOf(message.getContent()).replace("\r\n", "\n");
            return new Received(from, to, message.getSubject(), body, data, login, tls);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("the sink received a message that is not MIME: " + data, e);
        }
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
