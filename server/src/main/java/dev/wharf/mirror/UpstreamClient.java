package dev.wharf.mirror;

import dev.wharf.config.WharfConfig.MirrorLimits;
import dev.wharf.indexes.MirrorIndex;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * HTTP to upstream indexes, bounded: a connect timeout, a deadline for a whole page (headers and
 * body), a size limit on every body, redirects followed only within the upstream's own origin for
 * pages, and credentials sent only to that origin. Every failure becomes an {@link UpstreamException}
 * naming the upstream.
 */
final class UpstreamClient {
    /** PEP 691's preference order: JSON first, HTML for upstreams that serve only PEP 503. */
    static final String ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1";

    private static final int MAX_REDIRECTS = 5;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final ExecutorService fetches = Executors.newVirtualThreadPerTaskExecutor();
    private final MirrorLimits limits;
    private final Function<String, String> environment;

    /** @param environment reads the server's environment (the upstream password's variable) */
    UpstreamClient(MirrorLimits limits, Function<String, String> environment) {
        this.limits = limits;
        this.environment = environment;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
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
        // On its own virtual thread, so the deadline covers a body that trickles in forever: the
        // client's own timeout ends at the headers. Cancelling interrupts the blocked read.
        Future<PageAnswer> answer = fetches.submit(() -> fetchPage(mirror, normalizedName, validators));
        try {
            return answer.get(limits.pageTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw UpstreamException.timedOut(
                    upstream,
                    "the page of \"" + normalizedName + "\" took longer than "
                            + limits.pageTimeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw UpstreamException.failed(upstream, "the request was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpstreamException upstreamFailure) {
                throw upstreamFailure;
            }
            if (e.getCause() instanceof HttpTimeoutException) {
                throw UpstreamException.timedOut(upstream, describe(e.getCause()));
            }
            throw UpstreamException.failed(upstream, describe(e.getCause()));
        }
    }

    private PageAnswer fetchPage(MirrorIndex mirror, String normalizedName, Validators validators)
            throws IOException, InterruptedException {
        String upstream = mirror.upstream().toString();
        URI url = mirror.projectUrl(normalizedName);
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(limits.pageTimeout())
                    .header("Accept", ACCEPT)
                    .header("User-Agent", "Wharf mirror");
            validators.etag().ifPresent(etag -> request.header("If-None-Match", etag));
            validators.lastModified().ifPresent(date -> request.header("If-Modified-Since", date));
            authorize(mirror, url, request);
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
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
                            "it refused our credentials (HTTP " + status + "); check the mirror's user "
                                    + "name and password variable");
                }
                if (status != 200) {
                    throw UpstreamException.failed(
                            upstream, "it answered HTTP " + status + " for \"" + normalizedName + "\"");
                }
                String type =
                        response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
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
                        response.headers().firstValue("ETag").filter(v -> v.length() < 1024),
                        response.headers().firstValue("Last-Modified").filter(v -> v.length() < 128));
            }
        }
    }

    /** An open upstream file: its body and, when the upstream declared it, its length. */
    record FileBody(InputStream body, OptionalLong length) {}

    /**
     * Opens a file download. Redirects to other hosts are followed (file hosts differ from page hosts
     * on pypi.org, and the bytes are checked against the published sha256 either way), but
     * credentials go only to the upstream's own origin.
     */
    FileBody file(MirrorIndex mirror, URI url) throws IOException, InterruptedException {
        String upstream = mirror.upstream().toString();
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(limits.idleTimeout())
                    .header("Accept-Encoding", "identity")
                    .header("User-Agent", "Wharf mirror");
            authorize(mirror, url, request);
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (isRedirect(status)) {
                response.body().close();
                url = redirectTarget(mirror, url, response, false);
                if (hop >= MAX_REDIRECTS) {
                    throw UpstreamException.failed(upstream, "more than " + MAX_REDIRECTS + " redirects");
                }
                continue;
            }
            if (status != 200) {
                response.body().close();
                throw UpstreamException.failed(upstream, "it answered HTTP " + status + " for " + pathOf(url));
            }
            if (response.headers()
                    .firstValue("Content-Encoding")
                    .filter(e -> !e.equalsIgnoreCase("identity"))
                    .isPresent()) {
                response.body().close();
                throw UpstreamException.failed(
                        upstream,
                        "it sent " + pathOf(url) + " with a Content-Encoding although " + "we asked for identity");
            }
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            if (length.isPresent() && length.getAsLong() > limits.maxFileBytes()) {
                response.body().close();
                throw UpstreamException.failed(upstream, pathOf(url) + " is larger than mirror.max-file-size");
            }
            return new FileBody(response.body(), length);
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
            if (e instanceof HttpTimeoutException) {
                throw UpstreamException.timedOut(upstream, describe(e));
            }
            throw UpstreamException.failed(upstream, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpstreamException.failed(upstream, "the request was interrupted");
        }
    }

    private void authorize(MirrorIndex mirror, URI url, HttpRequest.Builder request) {
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
        request.header(
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(MirrorIndex mirror, URI from, HttpResponse<?> response, boolean sameOriginOnly) {
        String upstream = mirror.upstream().toString();
        String location = response.headers().firstValue("Location").orElse("");
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
        if (e instanceof java.net.ConnectException) {
            return "connection refused or unreachable";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
