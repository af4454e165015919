package dev.wharf.app;

import dev.wharf.config.ConfigException;
import dev.wharf.config.WharfConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Loads PEM files (as certbot and openssl write them) into Jetty's TLS configuration. The private
 * key must be PKCS#8 ({@code BEGIN PRIVATE KEY}), RSA or EC; a PKCS#1 key gets a message saying how
 * to convert it.
 */
final class TlsContext {
    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] IN_MEMORY_PASSWORD = "wharf-in-memory".toCharArray();

    private TlsContext() {}

    static SslContextFactory.Server load(WharfConfig.TlsFiles files) {
        try {
            Collection<? extends Certificate> chain;
            try (InputStream in = Files.newInputStream(files.certificateChain())) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (chain.isEmpty()) {
                throw new ConfigException("server.tls-cert: no certificate in " + files.certificateChain());
            }
            PrivateKey key = privateKey(Files.readString(files.privateKey()), files);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("wharf", key, IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setKeyStore(store);
            factory.setKeyStorePassword(new String(IN_MEMORY_PASSWORD));
            factory.setKeyManagerPassword(new String(IN_MEMORY_PASSWORD));
            // Clients reach an index by IP or by a name the certificate may not carry (tests, 127.0.0.1);
            // the certificate check is theirs to make, so SNI is not required here.
            factory.setSniRequired(false);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot load TLS certificate/key: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(String pem, WharfConfig.TlsFiles files) throws GeneralSecurityException {
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new ConfigException(
                    "server.tls-key: " + files.privateKey() + " is a PKCS#1/SEC1 key; convert it with "
                            + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pk8.pem'");
        }
        Matcher matcher = PKCS8.matcher(pem);
        if (!matcher.find()) {
            throw new ConfigException(
                    "server.tls-key: no unencrypted PKCS#8 key (BEGIN PRIVATE KEY) in " + files.privateKey());
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new ConfigException("server.tls-key: unsupported key algorithm in " + files.privateKey());
    }
}
