package dev.wharf.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpClientTest {
    @TempDir
    Path scratch;

    @Test
    void aMessageArrivesIntactThroughARealServerDotsAndAll() throws Exception {
        try (SmtpSink sink = SmtpSink.start(scratch)) {
            SmtpClient client = new SmtpClient("127.0.0.1", sink.port(), Duration.ofSeconds(10), "wharf.test");
            String body = "first line\n.\n.leading dot\n..two dots\nlast";
            client.send("wharf@wharf.test", new Mail(List.of("alice@example.org", "bob@example.org"), "[Wharf] hello", body));
            List<SmtpSink.Received> received = sink.await(1);
            assertThat(received).hasSize(1);
            assertThat(received.get(0).from()).isEqualTo("wharf@wharf.test");
            assertThat(received.get(0).to()).containsExactly("alice@example.org", "bob@example.org");
            assertThat(received.get(0).subject()).isEqualTo("[Wharf] hello");
            assertThat(received.get(0).body()).isEqualTo(body + "\n");
        }
    }

    @Test
    void nonAsciiTravelsEncodedAndArrivesAsWritten() throws Exception {
        try (SmtpSink sink = SmtpSink.start(scratch)) {
            new SmtpClient("127.0.0.1", sink.port(), Duration.ofSeconds(10), "wharf.test")
                    .send("wharf@wharf.test", new Mail(List.of("zoe@example.org"), "[Wharf] café", "naïve\n"));
            SmtpSink.Received mail = sink.await(1).get(0);
            assertThat(mail.subject()).isEqualTo("[Wharf] café");
            assertThat(mail.body()).isEqualTo("naïve\n");
            assertThat(mail.raw()).doesNotContain("café");
        }
    }

    @Test
    void dotStuffingDoublesALeadingPeriodOnly() {
        String text = SmtpClient.message("w@x.org", List.of("a@x.org"), new Mail(List.of("a@x.org"), "s", ".\nx.y\n.end"));
        assertThat(text).endsWith("\r\n\r\n..\r\nx.y\r\n..end\r\n");
    }

    @Test
    void aLineBreakInTheSubjectCannotAddAHeader() {
        String text = SmtpClient.message("w@x.org", List.of("a@x.org"), new Mail(List.of("a@x.org"), "hi\r\nBcc: evil@x.org", "b"));
        assertThat(text).contains("Subject: hi Bcc: evil@x.org\r\n").doesNotContain("\r\nBcc:");
    }

    @ParameterizedTest
    @CsvSource({"alice@example.org, true", "a.b+c@sub.example.org, true", "'a b@example.org', false",
            "'a@example.org>\r\nRCPT TO:<b@x.org', false", "no-at-sign, false", "zoë@example.org, false", "'<a@example.org>', false"})
    void onlyPlainAddressesGoOnTheWire(String address, boolean valid) {
        assertThat(SmtpClient.validAddress(address)).isEqualTo(valid);
    }

    @Test
    void aClosedPortIsAnIoException() throws IOException {
        int port = SmtpSink.freePort();
        SmtpClient client = new SmtpClient("127.0.0.1", port, Duration.ofSeconds(2), "wharf.test");
        assertThatThrownBy(() -> client.send("wharf@wharf.test", new Mail(List.of("a@example.org"), "s", "b")))
                .isInstanceOf(IOException.class);
    }
}
