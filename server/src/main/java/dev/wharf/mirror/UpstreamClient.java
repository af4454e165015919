package dev.wharf.mirror;

import dev.wharf.config.WharfConfig.MirrorLimits;
import dev.wharf.errors.Causes;
import dev.wharf.indexes.MirrorIndex;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;

/**
 * HTTP to upstream indexes, bounded: a connect timeout, a deadline for a whole page (headers and
 * body), an idle and a total timeout for a file, a size limit on every body, redirects followed only
 * within the upstream's own origin for pages, and credentials sent only to that origin. Every
 * failure becomes an {@link UpstreamException} naming the upstream.
 *
 * <p>Jetty's client, the same Jetty the server runs on: its timeouts cover the body as well as the
 * headers, and it reads a large body several times faster than {@code java.net.http}
 * (benchmarks/scripts/mirror.sh), which matters for a file streamed to a waiting client.
 */
final class UpstreamClient implements AutoCloseable {
    /** PEP 691's preference order: JSON first, HTML for upstreams that serve only PEP 503. */
    static final String ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1";

    private static final int MAX_REDIRECTS = 5;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final String USER_AGENT = "Wharf mirror";

    private final HttpClient http;
    private final MirrorLimits limits;
    private final Function<String, String> environment;

    /** @param environment reads the server's environment (the upstream password's variable) */
    UpstreamClient(MirrorLimits limits, Function<String, String> environment) {
        this.limits = limits;
        this.environment = environment;
        this.http = new HttpClient();
        http.setFollowRedirects(false);
        http.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        // Bodies are read as the upstream sent them: a file must arrive byte for byte as hashed, and a
        // page's size limit applies to what is on the wire.
        http.getContentDecoderFactories().clear();
        http.setUserAgentField(null);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client for mirrors", e);
        }
    }

    /** What a page request gave. */
    sealed interface PageAnswer {}

    record Fetched(UpstreamProject project, Optional<String> etag, Optional<String> lastModified)
            implements PageAnswer {}

    record NotModified() implements PageAnswer {}

    record Missing() implements PageAnswer {}

    /** Conditional-request validators of a cached page. */
    record Validators(Optional<String> etag, Optional<String> lastModified) {}

    PageAnswer page(MirrorIndex mirror, String normalizedName, Validators validators) {
        String upstream = mirror.upstream().toString();
        URI url = mirror.projectUrl(normalizedName);
        long deadline = System.nanoTime() + limits.pageTimeout().toNanos();
        try {
            for (int hop = 0; ; hop++) {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                Request request = request(mirror, url)
                        .timeout(left, TimeUnit.MILLISECONDS)
                        .headers(h -> {
                            h.put(HttpHeader.ACCEPT, ACCEPT);
                            validators.etag().ifPresent(etag -> h.put(HttpHeader.IF_NONE_MATCH, etag));
                            validators.lastModified().ifPresent(date -> h.put(HttpHeader.IF_MODIFIED_SINCE, date));
                        });
                InputStreamResponseListener listener = new InputStreamResponseListener();
                request.send(listener);
                Response response = listener.get(left, TimeUnit.MILLISECONDS);
                try (InputStream body = listener.getInputStream()) {
                    int status = response.getStatus();
                    if (isRedirect(status)) {
                        url = redirectTarget(mirror, url, response, true);
                        if (hop >= MAX_REDIRECTS) {
                            throw UpstreamException.failed(upstream, "more than " + MAX_REDIRECTS + " redirects");
                        }
                        continue;
                    }
                    if (status == 304) {
                        return new NotModified();
                    }
                    if (status == 404 || status == 410) {
                        return new Missing();
                    }
                    if (status == 401 || status == 403) {
                        throw UpstreamException.failed(
                                upstream,
                                "it refused our credentials (HTTP " + status + "); check the mirror's user name and "
                                        + "password variable");
                    }
                    if (status != 200) {
                        throw UpstreamException.failed(
                                upstream, "it answered HTTP " + status + " for \"" + normalizedName + "\"");
                    }
                    String encoding =
                            header(response, HttpHeader.CONTENT_ENCODING).orElse("identity");
                    if (!encoding.equalsIgnoreCase("identity")) {
                        throw UpstreamException.failed(
                                upstream,
                                "it sent the page of \"" + normalizedName + "\" with Content-Encoding " + encoding
                                        + ", which was not asked for");
                    }
                    String type =
                            header(response, HttpHeader.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
                    byte[] bytes = readBounded(body, limits.maxPageBytes(), upstream, "project page");
                    UpstreamPageParser parser = new UpstreamPageParser(upstream);
                    UpstreamProject project;
                    if (type.startsWith("application/vnd.pypi.simple.v1+json")) {
                        project = parser.json(bytes, url);
                    } else if (type.startsWith("text/html") || type.startsWith("application/vnd.pypi.simple.v1+html")) {
                        project = parser.html(bytes, url);
                    } else {
                        throw UpstreamException.failed(
                                upstream,
                                "its page for \"" + normalizedName + "\" has Content-Type \""
                                        + type.substring(0, Math.min(type.length(), 100))
                                        + "\", not a simple-API page (PEP 691 JSON or HTML)");
                    }
                    return new Fetched(
                            project,
                            header(response, HttpHeader.ETAG).filter(v -> v.length() < 1024),
                            header(response, HttpHeader.LAST_MODIFIED).filter(v -> v.length() < 128));
                }
            }
        } catch (UpstreamException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpstreamException.failed(upstream, "the request was interrupted");
        } catch (TimeoutException | ExecutionException | IOException e) {
            if (e instanceof TimeoutException || timedOut(e)) {
                throw UpstreamException.timedOut(
                        upstream,
                        "the page of \"" + normalizedName + "\" took longer than "
                                + limits.pageTimeout().toSeconds() + " s");
            }
            throw UpstreamException.failed(upstream, describe(e));
        }
    }

    /** An open upstream file: its body and, when the upstream declared it, its length. */
    record FileBody(InputStream body, OptionalLong length) {}

    /**
     * Opens a file download, bounded by the idle and the total file timeout (reading the body throws
     * once either passes). Redirects to other hosts are followed (file hosts differ from page hosts on
     * pypi.org, and the bytes are checked against the published sha256 either way), but credentials
     * go only to the upstream's own origin.
     */
    FileBody file(MirrorIndex mirror, URI url) throws IOException, InterruptedException {
        String upstream = mirror.upstream().toString();
        for (int hop = 0; ; hop++) {
            Request request = request(mirror, url)
                    .idleTimeout(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .timeout(limits.fileTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .headers(h -> h.put(HttpHeader.ACCEPT_ENCODING, "identity"));
            InputStreamResponseListener listener = new InputStreamResponseListener();
            request.send(listener);
            Response response;
            try {
                response = listener.get(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                request.abort(e);
                throw UpstreamException.timedOut(
                        upstream,
                        pathOf(url) + " sent no answer in "
                                + limits.idleTimeout().toSeconds() + " s");
            } catch (ExecutionException e) {
                if (timedOut(e)) {
                    throw UpstreamException.timedOut(upstream, pathOf(url) + ": no answer in time");
                }
                throw UpstreamException.failed(upstream, pathOf(url) + ": " + describe(e));
            }
            InputStream body = listener.getInputStream();
            int status = response.getStatus();
            if (isRedirect(status)) {
                body.close();
                url = redirectTarget(mirror, url, response, false);
                if (hop >= MAX_REDIRECTS) {
                    throw UpstreamException.failed(upstream, "more than " + MAX_REDIRECTS + " redirects");
                }
                continue;
            }
            if (status != 200) {
                body.close();
                throw UpstreamException.failed(upstream, "it answered HTTP " + status + " for " + pathOf(url));
            }
            if (header(response, HttpHeader.CONTENT_ENCODING)
                    .filter(e -> !e.equalsIgnoreCase("identity"))
                    .isPresent()) {
                body.close();
                throw UpstreamException.failed(
                        upstream, "it sent " + pathOf(url) + " with a Content-Encoding although we asked for identity");
            }
            OptionalLong length = OptionalLong.empty();
            long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
            if (declared >= 0) {
                length = OptionalLong.of(declared);
            }
            if (length.isPresent() && length.getAsLong() > limits.maxFileBytes()) {
                body.close();
                throw UpstreamException.failed(upstream, pathOf(url) + " is larger than mirror.max-file-size");
            }
            return new FileBody(body, length);
        }
    }

    /** A small body (a .metadata file), read whole within {@code max} bytes and the page deadline. */
    byte[] small(MirrorIndex mirror, URI url, int max) {
        String upstream = mirror.upstream().toString();
        try {
            FileBody body = file(mirror, url);
            try (InputStream in = body.body()) {
                return readBounded(in, max, upstream, "file");
            }
        } catch (IOException e) {
            if (timedOut(e)) {
                throw UpstreamException.timedOut(upstream, pathOf(url) + ": no answer in time");
            }
            throw UpstreamException.failed(upstream, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpstreamException.failed(upstream, "the request was interrupted");
        }
    }

    /** Whether a failure of the exchange was one of its timeouts. */
    static boolean timedOut(Throwable e) {
        return Causes.first(
                        e,
                        cause -> cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException)
                .isPresent();
    }

    private Request request(MirrorIndex mirror, URI url) {
        Request request = http.newRequest(url).agent(USER_AGENT);
        authorize(mirror, url, request);
        return request;
    }

    private void authorize(MirrorIndex mirror, URI url, Request request) {
        if (mirror.username().isEmpty() || !sameOrigin(mirror.upstream(), url)) {
            return;
        }
        String variable = mirror.passwordEnv().orElseThrow();
        String password = environment.apply(variable);
        if (password == null) {
            throw UpstreamException.failed(
                    mirror.upstream().toString(),
                    "its password is to be read from the environment variable " + variable
                            + ", which is not set on this server");
        }
        String pair = mirror.username().get() + ":" + password;
        String value = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        request.headers(h -> h.put(HttpHeader.AUTHORIZATION, value));
    }

    private static Optional<String> header(Response response, HttpHeader name) {
        return Optional.ofNullable(response.getHeaders().get(name));
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(MirrorIndex mirror, URI from, Response response, boolean sameOriginOnly) {
        String upstream = mirror.upstream().toString();
        String location = header(response, HttpHeader.LOCATION).orElse("");
        URI target;
        try {
            target = from.resolve(location);
        } catch (IllegalArgumentException e) {
            throw UpstreamException.failed(upstream, "it redirected to an invalid URL");
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (location.isEmpty() || !(scheme.equals("http") || scheme.equals("https")) || target.getHost() == null) {
            throw UpstreamException.failed(upstream, "it redirected to an invalid URL");
        }
        if (sameOriginOnly && !sameOrigin(mirror.upstream(), target)) {
            throw UpstreamException.failed(
                    upstream,
                    "it redirected a page to another host (" + target.getHost()
                            + "); a mirror follows page redirects only within its upstream's host");
        }
        return target;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    static byte[] readBounded(InputStream in, int max, String upstream, String what) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) {
            throw UpstreamException.failed(upstream, "its " + what + " is larger than the limit of " + max + " bytes");
        }
        return bytes;
    }

    static String pathOf(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String describe(Throwable e) {
        Optional<Throwable> refused = Causes.first(e, cause -> cause instanceof java.net.ConnectException);
        if (refused.isPresent()) {
            return "connection refused or unreachable";
        }
        Throwable root = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // stopping an HTTP client; nothing to recover
        }
    }
}
