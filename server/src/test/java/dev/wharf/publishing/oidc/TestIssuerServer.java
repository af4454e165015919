package dev.wharf.publishing.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OIDC issuer for tests: a JDK HTTP server on 127.0.0.1 that serves a discovery document
 * and a JWKS, counts requests, and can misbehave on demand. Signs tokens with its own RSA keys.
 */
final class TestIssuerServer implements AutoCloseable {
    /** How the discovery endpoint answers. */
    enum Mode {
        OK,
        GARBAGE,
        HUGE,
        ERROR_500,
        SLOW,
        JWKS_URI_ELSEWHERE,
        EMPTY_KEYS
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    final AtomicInteger discoveryRequests = new AtomicInteger();
    final AtomicInteger jwksRequests = new AtomicInteger();
    volatile Mode mode = Mode.OK;
    volatile long delayMillis;
    volatile List<RSAKey> published;

    TestIssuerServer(RSAKey... keys) throws IOException {
        published = List.of(keys);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer URL, which is also the tokens' {@code iss}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return discoveryRequests.get() + jwksRequests.get();
    }

    /** An RS256 token with {@code key}'s kid in the header. */
    static String sign(RSAKey key, Map<String, Object> claims) {
        return sign(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), key, claims);
    }

    static String sign(JWSHeader header, RSAKey key, Map<String, Object> claims) {
        try {
            JWSObject jws = new JWSObject(header, new Payload(claims));
            jws.sign(new RSASSASigner(key));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean isDiscovery = path.equals("/.well-known/openid-configuration");
            (isDiscovery ? discoveryRequests : path.equals("/jwks") ? jwksRequests : new AtomicInteger())
                    .incrementAndGet();
            if (delayMillis > 0 || mode == Mode.SLOW) {
                sleep(mode == Mode.SLOW ? 3_000 : delayMillis);
            }
            if (isDiscovery) {
                discovery(exchange);
            } else if (path.equals("/jwks")) {
                Map<String, Object> set = mode == Mode.EMPTY_KEYS
                        ? Map.of("keys", List.of())
                        : new JWKSet(List.copyOf(published)).toPublicJWKSet().toJSONObject();
                send(exchange, 200, JSONObjectUtils.toJSONString(set));
            } else {
                send(exchange, 404, "not found");
            }
        } catch (IOException e) {
            // the client gave up (huge body, timeout): nothing to do
        }
    }

    private void discovery(HttpExchange exchange) throws IOException {
        switch (mode) {
            case GARBAGE -> send(exchange, 200, "<html>this is not json");
            case ERROR_500 -> send(exchange, 500, "{\"error\": \"down\"}");
            case JWKS_URI_ELSEWHERE ->
                send(exchange, 200, "{\"issuer\": \"" + url() + "\", \"jwks_uri\": \"http://example.org/jwks\"}");
            case HUGE -> {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("{\"jwks_uri\": \"".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                for (int i = 0; i < 32; i++) { // 2 MiB
                    out.write(chunk);
                }
                out.write("\"}".getBytes(StandardCharsets.US_ASCII));
            }
            default -> send(exchange, 200, "{\"issuer\": \"" + url() + "\", \"jwks_uri\": \"" + url() + "/jwks\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
