package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload bodies whose HTTP framing is broken are the client's fault: 400 with a message, nothing
 * stored, nothing staged left behind (before: 500 and a stack trace per request).
 */
class RequestFramingTest {
    private static final byte[] PARTIAL_BODY =
            ("--x\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n"
                            + "--x\r\nContent-Disposition: form-data; name=\"content\"; filename=\"a-1.0.tar.gz\"\r\n\r\nabc")
                    .getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path scratch;

    private TestWharf wharf;
    private String head;

    @BeforeEach
    void start() {
        wharf = TestWharf.start(Dialect.SQLITE, scratch);
        String token = wharf.userWithToken("alice");
        head = "POST /legacy/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Authorization: Basic "
                + Base64.getEncoder().encodeToString(("__token__:" + token).getBytes(StandardCharsets.UTF_8))
                + "\r\nContent-Type: multipart/form-data; boundary=x\r\n";
    }

    @AfterEach
    void stop() {
        wharf.close();
    }

    /** Sends raw bytes, optionally half-closes, and returns the status line. */
    private String exchange(byte[] request, boolean halfClose) throws IOException {
        return exchange(request, halfClose, 60_000);
    }

    private String exchange(byte[] request, boolean halfClose, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket(wharf.url().getHost(), wharf.url().getPort())) {
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            return text.substring(0, Math.max(0, text.indexOf("\r\n")));
        }
    }

    private static byte[] join(String head, byte[] body, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        out.writeBytes(tail.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    @Test
    void brokenFramingIsA400AndLeavesNothing() throws IOException {
        Map<String, Object> before = wharf.snapshot();
        Map<String, byte[]> cases = Map.of(
                "Content-Length longer than the body, then a half-close",
                join(head + "Content-Length: " + (PARTIAL_BODY.length + 1000) + "\r\n\r\n", PARTIAL_BODY, ""),
                "a chunk size that is not hexadecimal",
                join(head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", PARTIAL_BODY, "\r\n0\r\n\r\n"),
                "a chunk size that lies about its chunk",
                join(head + "Transfer-Encoding: chunked\r\n\r\n10\r\n", PARTIAL_BODY, "\r\n0\r\n\r\n"));
        for (Map.Entry<String, byte[]> entry : cases.entrySet()) {
            String status = exchange(entry.getValue(), true);
            assertThat(status).as(entry.getKey()).startsWith("HTTP/1.1 400 ").contains("chunked encoding is invalid");
        }
        assertThat(wharf.snapshot()).isEqualTo(before);
        assertThat(wharf.stagingFiles()).as("staging files left behind").isEmpty();
    }

    @Test
    void aRefusedUploadWhoseBodyNeverComesIsAnsweredWithoutWaitingForTheIdleTimeout() throws IOException {
        // No credentials, a declared body well within the limits, and not one byte of it: before, the
        // server waited for the body until Jetty's 30 s idle timeout before saying 403.
        String request =
                "POST /legacy/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                        + "Content-Length: 100000\r\n\r\n";
        String status = exchange(request.getBytes(StandardCharsets.ISO_8859_1), false, 15_000);
        assertThat(status).startsWith("HTTP/1.1 403 ");
    }
}
