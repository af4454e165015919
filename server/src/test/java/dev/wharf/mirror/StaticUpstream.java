package dev.wharf.mirror;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A static simple-API tree over real HTTP (the JDK's server), for the upstream behaviours a second
 * Wharf never shows: chosen upload times, bytes that differ from their published hash, malformed or
 * oversized pages, redirects elsewhere, bodies that trickle. Counts the requests for each path.
 */
final class StaticUpstream implements AutoCloseable {
    /** What one path answers. {@code trickle}: send the body one byte per {@code trickleMillis}. */
    record Answer(int status, String contentType, byte[] body, Map<String, String> headers, long trickleMillis) {
        static Answer ok(String contentType, byte[] body) {
            return new Answer(200, contentType, body, Map.of(), 0);
        }

        static Answer ok(String contentType, String body) {
            return ok(contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        Answer withHeader(String name, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Answer(status, contentType, body, Map.copyOf(more), trickleMillis);
        }

        Answer trickling(long millis) {
            return new Answer(status, contentType, body, headers, millis);
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile long delayMillis;

    StaticUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void put(String path, Answer answer) {
        answers.put(path, answer);
    }

    /** Holds every answer's headers back this long (a slow upstream, or one that lets requests pile up). */
    void delay(long millis) {
        delayMillis = millis;
    }

    int requests(String path) {
        return requests.getOrDefault(path, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            Answer answer = answers.get(path);
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(
                    answer.status(), head || answer.body().length == 0 ? -1 : answer.body().length);
            if (head) {
                return;
            }
            OutputStream out = exchange.getResponseBody();
            if (answer.trickleMillis() > 0) {
                for (byte b : answer.body()) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(answer.trickleMillis());
                }
            } else {
                out.write(answer.body());
            }
        } catch (InterruptedException | IOException e) {
            // the client went away (the test cut it off on purpose)
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
