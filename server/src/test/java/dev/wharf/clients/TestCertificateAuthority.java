package dev.wharf.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made at test time with {@code openssl}, and a server certificate it
 * signed for {@code 127.0.0.1} and {@code localhost}. Nothing is checked in: the keys live only in
 * the test's temporary directory.
 *
 * @param caCertificate     the CA certificate (PEM), what clients trust ({@code REQUESTS_CA_BUNDLE}, twine {@code --cert})
 * @param serverChain       the server certificate followed by the CA's (PEM), Wharf's {@code server.tls-cert}
 * @param serverKey         the server's unencrypted PKCS#8 key (PEM), Wharf's {@code server.tls-key}
 */
record TestCertificateAuthority(Path caCertificate, Path serverChain, Path serverKey) {
    private static final String OPENSSL = "/usr/bin/openssl";

    /**
     * Python 3.13 verifies with {@code VERIFY_X509_STRICT}, which wants a CA with key usage and
     * key identifiers and a leaf with subjectAltName; these are set even though Debian's 3.11 is
     * more lenient, so the files stay good for newer clients.
     */
    static TestCertificateAuthority create(Path directory, ClientSandbox sandbox) {
        Path dir = ClientSandbox.mkdirs(directory);
        openssl(
                sandbox,
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=Wharf Test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        // OpenSSL 3 writes new keys as PKCS#8 ("BEGIN PRIVATE KEY"), the form Wharf reads.
        openssl(
                sandbox,
                dir,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=127.0.0.1");
        ClientSandbox.write(dir.resolve("server.ext"), """
                basicConstraints = critical, CA:FALSE
                keyUsage = critical, digitalSignature, keyEncipherment
                extendedKeyUsage = serverAuth
                subjectAltName = IP:127.0.0.1, DNS:localhost
                subjectKeyIdentifier = hash
                authorityKeyIdentifier = keyid
                """);
        openssl(
                sandbox,
                dir,
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "server.ext",
                "-out",
                "server.pem");
        try {
            Files.writeString(
                    dir.resolve("chain.pem"),
                    Files.readString(dir.resolve("server.pem")) + Files.readString(dir.resolve("ca.pem")));
            assertThat(Files.readString(dir.resolve("server.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestCertificateAuthority(dir.resolve("ca.pem"), dir.resolve("chain.pem"), dir.resolve("server.key"));
    }

    /** An HTTP client that trusts this CA only (and so proves the chain Wharf serves). */
    HttpClient httpClient() {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(
                    "wharf-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return HttpClient.newBuilder()
                    .sslContext(context)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void openssl(ClientSandbox sandbox, Path dir, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(OPENSSL));
        command.addAll(List.of(arguments));
        ClientRun run = sandbox.run(dir, command);
        assertThat(run.exitCode()).as(run.describe()).isZero();
    }
}
