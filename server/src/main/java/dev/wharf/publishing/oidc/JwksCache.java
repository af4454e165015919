package dev.wharf.publishing.oidc;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys of each issuer, by {@code kid}, found through OpenID Connect discovery and kept
 * in memory (as warehouse {@code oidc/services.py} does, with the differences below).
 *
 * <table>
 *   <caption>Key-set rules</caption>
 *   <tr><th>Aspect</th><th>Rule</th></tr>
 *   <tr><td>Pinned JWKS</td><td>used alone; never a network call for that issuer</td></tr>
 *   <tr><td>Discovery</td><td>{@code GET {iss}/.well-known/openid-configuration}, HTTP 200, JSON object with a string {@code jwks_uri}</td></tr>
 *   <tr><td>{@code jwks_uri}</td><td>{@code https}; plain {@code http} only on loopback and only for an issuer that is itself on http loopback (the dev issuer)</td></tr>
 *   <tr><td>Key set</td><td>{@code GET jwks_uri}, HTTP 200, a JWKS with at least one usable key ({@link SigningKeys})</td></tr>
 *   <tr><td>Limits</td><td>{@value #DEFAULT_TIMEOUT_SECONDS} s per request, whole response included; {@value #MAX_BODY_BYTES} bytes per body</td></tr>
 *   <tr><td>Redirects</td><td>followed, except https to http ({@link HttpClient.Redirect#NORMAL} in {@link #defaultHttpClient})</td></tr>
 *   <tr><td>Lifetime</td><td>no TTL: a key stays until a refresh replaces the whole set (pypi.org does the same)</td></tr>
 *   <tr><td>Refresh</td><td>only when a token names an unknown {@code kid}, and at most once per {@value #COOL_DOWN_SECONDS} s per issuer, counted from the last attempt</td></tr>
 *   <tr><td>Failure</td><td>logged as a warning (issuer URL and reason only); the last good keys stay in use</td></tr>
 *   <tr><td>Concurrency</td><td>per-issuer lock: concurrent misses for one issuer cause one fetch</td></tr>
 * </table>
 *
 * <p>Not checked, deliberately: the discovery document's {@code issuer} member and the response
 * {@code Content-Type}. The document was fetched from the issuer's own URL over TLS, which is what
 * makes it trustworthy; pypi.org checks neither, and issuers serve JWKS under several media types.
 *
 * <p>Better than pypi.org: its cool-down starts only after a successful refresh, so during an outage
 * every token with an unknown {@code kid} waits for a network timeout; here every attempt starts it.
 * Network errors and non-JSON answers are failures like any other (pypi.org answers HTTP 500).
 */
public final class JwksCache {
    static final int DEFAULT_TIMEOUT_SECONDS = 5;
    static final int COOL_DOWN_SECONDS = 60;
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);

    private final HttpClient client;
    private final Clock clock;
    private final Duration timeout;
    private final ConcurrentHashMap<String, FetchedKeys> fetched = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PinnedKeys> pinned = new ConcurrentHashMap<>();

    public JwksCache(HttpClient client, Clock clock) {
        this(client, clock, Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS));
    }

    /** With a shorter timeout, for tests of slow issuers. */
    JwksCache(HttpClient client, Clock clock, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The client production uses: {@value #DEFAULT_TIMEOUT_SECONDS} s connect timeout, no https-to-http redirects. */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * The issuer's key named {@code kid}: from the pinned set if the issuer has one, else from the
     * cache, refreshing it first if {@code kid} is unknown and the cool-down has passed. Empty when
     * no such key can be found; never throws for anything the network or the issuer does.
     */
    public Optional<RSAKey> key(Issuer issuer, String kid) {
        Objects.requireNonNull(issuer, "issuer");
        if (kid == null || kid.isEmpty()) {
            return Optional.empty();
        }
        if (issuer.pinnedJwks().isPresent()) {
            return Optional.ofNullable(
                    pinnedKeys(issuer.url(), issuer.pinnedJwks().get()).get(kid));
        }
        FetchedKeys state = fetched.computeIfAbsent(issuer.url(), url -> new FetchedKeys());
        RSAKey known = state.keys.get(kid);
        if (known != null) {
            return Optional.of(known);
        }
        state.lock.lock();
        try {
            // Another thread may have refreshed while this one waited for the lock.
            known = state.keys.get(kid);
            if (known != null) {
                return Optional.of(known);
            }
            Instant now = clock.instant();
            if (state.lastAttempt != null && now.isBefore(state.lastAttempt.plusSeconds(COOL_DOWN_SECONDS))) {
                return Optional.empty();
            }
            state.lastAttempt = now;
            refresh(issuer, state);
            return Optional.ofNullable(state.keys.get(kid));
        } finally {
            state.lock.unlock();
        }
    }

    private Map<String, RSAKey> pinnedKeys(String url, String json) {
        PinnedKeys cached = pinned.get(url);
        if (cached != null && cached.json.equals(json)) {
            return cached.keys;
        }
        Map<String, RSAKey> keys;
        try {
            keys = SigningKeys.parse(json);
        } catch (ParseException | RuntimeException e) {
            // The registry validated it on the way in; a row edited by hand is the only way here.
            LOG.warn("The pinned JWKS of issuer {} cannot be read: {}", url, e.getMessage());
            keys = Map.of();
        }
        pinned.put(url, new PinnedKeys(json, keys));
        return keys;
    }

    private void refresh(Issuer issuer, FetchedKeys state) {
        try {
            Map<String, RSAKey> keys = fetch(issuer);
            state.keys = keys;
        } catch (FetchFailure e) {
            LOG.warn(
                    "Could not refresh the signing keys of issuer {}: {}; keeping {} cached key(s)",
                    issuer.url(),
                    e.getMessage(),
                    state.keys.size());
        }
    }

    private Map<String, RSAKey> fetch(Issuer issuer) throws FetchFailure {
        String discovery = get(uri(issuer.discoveryUrl(), "discovery URL"), "discovery document");
        String jwksUri;
        try {
            jwksUri = JSONObjectUtils.getString(JSONObjectUtils.parse(discovery), "jwks_uri");
        } catch (ParseException | RuntimeException e) {
            throw new FetchFailure("the discovery document is not a JSON object with a string jwks_uri");
        }
        if (jwksUri == null) {
            throw new FetchFailure("the discovery document has no jwks_uri");
        }
        URI jwks = uri(jwksUri, "jwks_uri");
        if (!allowedScheme(issuer, jwks)) {
            throw new FetchFailure("jwks_uri " + jwksUri + " is not https");
        }
        String body = get(jwks, "JWKS");
        Map<String, RSAKey> keys;
        try {
            keys = SigningKeys.parse(body);
        } catch (ParseException | RuntimeException e) {
            throw new FetchFailure("the JWKS is not a JSON object with a keys array");
        }
        if (keys.isEmpty()) {
            throw new FetchFailure("the JWKS holds no RSA signing key with a kid");
        }
        return keys;
    }

    private static boolean allowedScheme(Issuer issuer, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return uri.getHost() != null;
        }
        if (scheme.equals("http") && issuer.isInsecureLocal()) {
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        }
        return false;
    }

    private static URI uri(String text, String what) throws FetchFailure {
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute()) {
                throw new FetchFailure(what + " is not an absolute URL");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new FetchFailure(what + " is not a valid URL");
        }
    }

    /** GETs {@code uri}; the whole exchange is bounded by the timeout, the body by {@value #MAX_BODY_BYTES} bytes. */
    private String get(URI uri, String what) throws FetchFailure {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = client.sendAsync(request, info -> new LimitedBody(MAX_BODY_BYTES));
        } catch (RuntimeException e) {
            throw new FetchFailure(what + " request to " + uri + " could not be sent: "
                    + e.getClass().getSimpleName());
        }
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new FetchFailure(what + " request to " + uri + " timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchFailure(what + " request to " + uri + " was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String reason = cause instanceof BodyTooLarge
                    ? "answered more than " + MAX_BODY_BYTES + " bytes"
                    : "failed: " + cause.getClass().getSimpleName();
            throw new FetchFailure(what + " request to " + uri + " " + reason);
        }
        if (response.statusCode() != 200) {
            throw new FetchFailure(what + " request to " + uri + " answered HTTP " + response.statusCode());
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Per-issuer state of fetched keys; {@code keys} is replaced whole, never changed in place. */
    private static final class FetchedKeys {
        final ReentrantLock lock = new ReentrantLock();
        volatile Map<String, RSAKey> keys = Map.of();
        /** Guarded by {@link #lock}. */
        Instant lastAttempt;
    }

    private record PinnedKeys(String json, Map<String, RSAKey> keys) {}

    /** Why a refresh failed, for the log; never leaves this class. */
    private static final class FetchFailure extends Exception {
        FetchFailure(String message) {
            super(message, null, false, false);
        }
    }

    private static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("response body too large");
        }
    }

    /** Collects a response body, and gives up (cancelling the stream) once it exceeds the limit. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (buffer.size() + (long) item.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLarge());
                    return;
                }
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                buffer.writeBytes(bytes);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
