package dev.wharf.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.config.WharfConfig.MailSecurity;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Through a real SMTP server (Debian's aiosmtpd): plain, STARTTLS, implicit TLS, AUTH. */
class SmtpClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path scratch;

    private SmtpClient plain(int port) {
        return new SmtpClient("127.0.0.1", port, MailSecurity.NONE, Optional.empty(), TIMEOUT, "wharf.test");
    }

    @Test
    void aMessageArrivesIntactThroughARealServerDotsAndAll() throws Exception {
        try (SmtpSink sink = SmtpSink.start(scratch)) {
            String body = "first line\n.\n.leading dot\n..two dots\nlast";
            plain(sink.port())
                    .send(
                            "wharf@wharf.test",
                            new Mail(List.of("alice@example.org", "bob@example.org"), "[Wharf] hello", body));
            List<SmtpSink.Received> received = sink.await(1);
            assertThat(received).hasSize(1);
            assertThat(received.get(0).from()).isEqualTo("wharf@wharf.test");
            assertThat(received.get(0).to()).containsExactly("alice@example.org", "bob@example.org");
            assertThat(received.get(0).subject()).isEqualTo("[Wharf] hello");
            // SMTP data is whole lines: the last one arrives with its line break.
            assertThat(received.get(0).body()).isEqualTo(body + "\n");
            assertThat(received.get(0).tls()).isFalse();
            assertThat(received.get(0).login()).isNull();
        }
    }

    @Test
    void nonAsciiTravelsEncodedAndArrivesAsWritten() throws Exception {
        try (SmtpSink sink = SmtpSink.start(scratch)) {
            plain(sink.port())
                    .send("wharf@wharf.test", new Mail(List.of("zoe@example.org"), "[Wharf] café", "naïve\n"));
            SmtpSink.Received mail = sink.await(1).get(0);
            assertThat(mail.subject()).isEqualTo("[Wharf] café");
            assertThat(mail.body()).isEqualTo("naïve\n");
            assertThat(mail.raw()).doesNotContain("café").doesNotContain("naïve");
        }
    }

    @Test
    void aLineBreakInTheSubjectCannotAddAHeader() throws Exception {
        try (SmtpSink sink = SmtpSink.start(scratch)) {
            plain(sink.port())
                    .send("wharf@wharf.test", new Mail(List.of("a@example.org"), "hi\r\nBcc: evil@example.org", "b"));
            SmtpSink.Received mail = sink.await(1).get(0);
            assertThat(mail.subject()).isEqualTo("hi Bcc: evil@example.org");
            assertThat(mail.raw()).doesNotContain("\r\nBcc:");
            assertThat(mail.to()).containsExactly("a@example.org");
        }
    }

    @Test
    void starttlsWithAuthSendsTheCredentialsOnlyInsideTls() throws Exception {
        Path[] certificate = selfSignedCertificate();
        try (SmtpSink sink = SmtpSink.start(
                scratch,
                "--starttls",
                certificate[0].toString(),
                certificate[1].toString(),
                "--auth",
                "wharf:s3cret pass")) {
            new SmtpClient(
                            "127.0.0.1",
                            sink.port(),
                            MailSecurity.STARTTLS,
                            Optional.of(new SmtpClient.Credentials("wharf", "s3cret pass")),
                            TIMEOUT,
                            "wharf.test",
                            Optional.of(trusting(certificate[0])))
                    .send("wharf@wharf.test", new Mail(List.of("alice@example.org"), "[Wharf] tls", "over TLS\n"));
            SmtpSink.Received mail = sink.await(1).get(0);
            assertThat(mail.tls()).isTrue();
            assertThat(mail.login()).isEqualTo("wharf");
            assertThat(mail.body()).isEqualTo("over TLS\n");
        }
    }

    @Test
    void implicitTlsConnectsWithTlsFromTheFirstByte() throws Exception {
        Path[] certificate = selfSignedCertificate();
        try (SmtpSink sink = SmtpSink.start(scratch, "--tls", certificate[0].toString(), certificate[1].toString())) {
            new SmtpClient(
                            "127.0.0.1",
                            sink.port(),
                            MailSecurity.TLS,
                            Optional.empty(),
                            TIMEOUT,
                            "wharf.test",
                            Optional.of(trusting(certificate[0])))
                    .send("wharf@wharf.test", new Mail(List.of("alice@example.org"), "[Wharf] smtps", "b\n"));
            assertThat(sink.await(1).get(0).tls()).isTrue();
        }
    }

    @Test
    void starttlsRefusesACertificateTheJvmDoesNotTrust() throws Exception {
        Path[] certificate = selfSignedCertificate();
        try (SmtpSink sink =
                SmtpSink.start(scratch, "--starttls", certificate[0].toString(), certificate[1].toString())) {
            assertRefusedAndNothingDelivered(
                    sink,
                    new SmtpClient(
                            "127.0.0.1", sink.port(), MailSecurity.STARTTLS, Optional.empty(), TIMEOUT, "wharf.test"),
                    MessagingException.class);
        }
    }

    @Test
    void starttlsRequiredRefusesAServerThatDoesNotOfferIt() throws Exception {
        try (SmtpSink sink = SmtpSink.start(scratch)) {
            assertRefusedAndNothingDelivered(
                    sink,
                    new SmtpClient(
                            "127.0.0.1", sink.port(), MailSecurity.STARTTLS, Optional.empty(), TIMEOUT, "wharf.test"),
                    MessagingException.class);
        }
    }

    @Test
    void wrongCredentialsAreRefusedAndNothingIsSent() throws Exception {
        try (SmtpSink sink = SmtpSink.start(scratch, "--auth", "wharf:right")) {
            assertRefusedAndNothingDelivered(
                    sink,
                    new SmtpClient(
                            "127.0.0.1",
                            sink.port(),
                            MailSecurity.NONE,
                            Optional.of(new SmtpClient.Credentials("wharf", "wrong")),
                            TIMEOUT,
                            "wharf.test"),
                    AuthenticationFailedException.class);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "alice@example.org, true",
        "a.b+c@sub.example.org, true",
        "'a b@example.org', false",
        "'a@example.org>\r\nRCPT TO:<b@x.org', false",
        "no-at-sign, false",
        "zoë@example.org, false",
        "'<a@example.org>', false"
    })
    void onlyPlainAddressesGoOnTheWire(String address, boolean valid) {
        assertThat(SmtpClient.validAddress(address)).isEqualTo(valid);
    }

    @Test
    void aClosedPortIsAMessagingException() throws Exception {
        SmtpClient client = new SmtpClient(
                "127.0.0.1",
                SmtpSink.freePort(),
                MailSecurity.NONE,
                Optional.empty(),
                Duration.ofSeconds(2),
                "wharf.test");
        assertThatThrownBy(() -> client.send("wharf@wharf.test", new Mail(List.of("a@example.org"), "s", "b")))
                .isInstanceOf(MessagingException.class);
    }

    @Test
    void credentialsNeverShowTheirPassword() {
        assertThat(new SmtpClient.Credentials("wharf", "s3cret").toString()).doesNotContain("s3cret");
    }

    private static void assertRefusedAndNothingDelivered(
            SmtpSink sink, SmtpClient client, Class<? extends Exception> refusal) {
        assertThatThrownBy(() -> client.send("wharf@wharf.test", new Mail(List.of("a@example.org"), "s", "b")))
                .isInstanceOf(refusal);
        assertThat(sink.messages()).isEmpty();
    }

    /** A certificate for 127.0.0.1 and its key, made by Debian's openssl: {cert.pem, key.pem}. */
    private Path[] selfSignedCertificate() throws Exception {
        Path cert = scratch.resolve("smtp-cert.pem");
        Path key = scratch.resolve("smtp-key.pem");
        Process openssl = new ProcessBuilder(
                        "/usr/bin/openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString(),
                        "-days",
                        "1",
                        "-subj",
                        "/CN=127.0.0.1",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1")
                .redirectErrorStream(true)
                .start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(output).isZero();
        return new Path[] {cert, key};
    }

    /** TLS sockets that trust exactly {@code certificate}, as the JVM's trust store would trust a real CA. */
    private static SSLSocketFactory trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry(
                    "smtp", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        managers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, managers.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
