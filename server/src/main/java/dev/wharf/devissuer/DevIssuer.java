package dev.wharf.devissuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wharf.text.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * A development OpenID Connect issuer that behaves like GitHub Actions' token service, so the whole
 * Trusted Publishing flow runs on one machine: an OIDC discovery document, a JWKS, and the
 * {@code ACTIONS_ID_TOKEN_REQUEST_URL} endpoint answering {@code {"value": "<jwt>"}} for a bearer
 * request token and an {@code audience} query parameter, with the full claim set a real job gets.
 *
 * <p>Its tokens are signed with a key made at start and never written anywhere. A Wharf server
 * trusts it only after an administrator registers it ({@code wharf admin issuer add}); it is never
 * trusted by default.
 */
public final class DevIssuer implements AutoCloseable {
    private final DevIssuerSettings settings;
    private final Clock clock;
    private final RSAKey key;
    private final String requestToken;
    private HttpServer server;
    private URI issuerUrl;

    public DevIssuer(DevIssuerSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.requestToken = HexFormat.of().formatHex(secret);
    }

    /** Starts listening on 127.0.0.1 (port 0 picks a free one) and returns the issuer URL. */
    public URI start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        issuerUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        server.createContext("/.well-known/openid-configuration", exchange -> json(exchange, 200, discovery()));
        server.createContext("/.well-known/jwks", exchange -> json(exchange, 200, jwks().toString()));
        server.createContext("/token", this::token);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return issuerUrl;
    }

    public URI issuerUrl() {
        return issuerUrl;
    }

    /** The bearer value a job presents to the token endpoint ({@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}). */
    public String requestToken() {
        return requestToken;
    }

    /** {@code ACTIONS_ID_TOKEN_REQUEST_URL}: the client appends {@code &audience=...}. */
    public String requestUrl() {
        return issuerUrl + "/token?api-version=2.0";
    }

    /** The public keys, for {@code wharf admin issuer add --jwks FILE} where the server cannot reach this issuer. */
    public JWKSet jwks() {
        return new JWKSet(key.toPublicJWK());
    }

    /** Signs a token for {@code audience} with the claims GitHub Actions would issue. */
    public String issue(String audience) {
        Instant now = clock.instant();
        String sha = sha1Hex(settings.fullRepository() + "@" + settings.ref());
        String workflowRef =
                settings.fullRepository() + "/.github/workflows/" + settings.workflow() + "@" + settings.ref();
        String sub = settings.environment()
                .map(env -> "repo:" + settings.fullRepository() + ":environment:" + env)
                .orElse("repo:" + settings.fullRepository() + ":ref:" + settings.ref());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuerUrl.toString())
                .audience(audience)
                .subject(sub)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(300)))
                .expirationTime(Date.from(now.plus(settings.lifetime())))
                .claim("actor", "wharf-dev")
                .claim("actor_id", "1")
                .claim("base_ref", "")
                .claim("event_name", settings.eventName())
                .claim("head_ref", "")
                .claim("job_workflow_ref", workflowRef)
                .claim("job_workflow_sha", sha)
                .claim("ref", settings.ref())
                .claim("ref_protected", "true")
                .claim("ref_type", settings.ref().startsWith("refs/tags/") ? "tag" : "branch")
                .claim("repository", settings.fullRepository())
                .claim("repository_id", "1000")
                .claim("repository_owner", settings.owner())
                .claim("repository_owner_id", settings.ownerId())
                .claim("repository_visibility", "private")
                .claim("run_attempt", "1")
                .claim("run_id", Long.toString(now.getEpochSecond()))
                .claim("run_number", "1")
                .claim("runner_environment", "self-hosted")
                .claim("sha", sha)
                .claim("workflow", "Release")
                .claim("workflow_ref", workflowRef)
                .claim("workflow_sha", sha);
        settings.environment().ifPresent(env -> claims.claim("environment", env));
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign", e);
        }
        return jwt.serialize();
    }

    private void token(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.equalsIgnoreCase("bearer " + requestToken)) {
            json(
                    exchange,
                    401,
                    "{\"message\":\"Bad credentials: send Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN\"}");
            return;
        }
        String audience = query(exchange.getRequestURI()).get("audience");
        if (audience == null || audience.isBlank()) {
            json(exchange, 400, "{\"message\":\"add &audience=... (Wharf's GET /_/oidc/audience)\"}");
            return;
        }
        json(exchange, 200, Json.MAPPER.writeValueAsString(Map.of("value", issue(audience))));
    }

    private String discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuerUrl.toString());
        document.put("jwks_uri", issuerUrl + "/.well-known/jwks");
        document.put("subject_types_supported", new String[] {"public", "pairwise"});
        document.put("response_types_supported", new String[] {"id_token"});
        document.put("id_token_signing_alg_values_supported", new String[] {"RS256"});
        document.put("scopes_supported", new String[] {"openid"});
        return Json.MAPPER.writeValueAsString(document);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return values;
        }
        // The id package, which the official GitHub action uses, asks with urllib3's `fields`, and
        // urllib3 appends "?audience=..." even when the request URL already carries
        // "?api-version=2.0". GitHub's endpoint accepts that, so '?' separates parameters here too.
        for (String pair : uri.getRawQuery().split("[&?]")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
