package dev.wharf.web.session;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A small cookie-keeping browser for page tests: follows no redirects by itself, keeps every
 * {@code Set-Cookie} it sees (Max-Age=0 deletes), and fills forms read with jsoup.
 */
public final class Browser {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final List<String> setCookieHeaders = new ArrayList<>();
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    public Browser(String base) {
        this.base = base;
    }

    /** Sends this header with every later request (e.g. X-Forwarded-For, as a proxy would). */
    public Browser header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    /** Every Set-Cookie header received so far, verbatim. */
    public List<String> setCookieHeaders() {
        return setCookieHeaders;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** GET, following same-site 303/302 redirects. */
    public HttpResponse<String> open(String path) throws Exception {
        HttpResponse<String> response = get(path);
        for (int i = 0; i < 5 && (response.statusCode() == 303 || response.statusCode() == 302); i++) {
            response = get(location(response));
        }
        return response;
    }

    public static String location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow();
        URI uri = URI.create(location);
        return uri.isAbsolute()
                ? uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                : location;
    }

    public HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Loads {@code page}, takes the form matching {@code formSelector}, keeps its hidden and preset
     * fields, overrides them with {@code values} (a null value removes the field) and submits it.
     */
    public HttpResponse<String> submit(String page, String formSelector, Map<String, String> values) throws Exception {
        HttpResponse<String> loaded = get(page);
        if (loaded.statusCode() != 200) {
            throw new AssertionError("GET " + page + " gave " + loaded.statusCode() + ": " + loaded.body());
        }
        return submit(Jsoup.parse(loaded.body()), formSelector, values);
    }

    public HttpResponse<String> submit(Document document, String formSelector, Map<String, String> values)
            throws Exception {
        Element form = document.selectFirst(formSelector);
        if (form == null) {
            throw new AssertionError("no form " + formSelector + " in " + document.title());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name], select[name], textarea[name]")) {
            String type = input.attr("type");
            if (type.equals("checkbox") && !input.hasAttr("checked")) {
                continue;
            }
            String value = input.tagName().equals("select")
                    ? input.select("option[selected]").stream()
                            .findFirst()
                            .or(() -> input.select("option").stream().findFirst())
                            .map(o -> o.attr("value"))
                            .orElse("")
                    : input.tagName().equals("textarea") ? input.text() : input.attr("value");
            fields.put(input.attr("name"), value);
        }
        values.forEach((key, value) -> {
            if (value == null) {
                fields.remove(key);
            } else {
                fields.put(key, value);
            }
        });
        String action = form.attr("action");
        String path = action.startsWith("http") ? URI.create(action).getRawPath() : action;
        return post(path, fields);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        extraHeaders.forEach(request::header);
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            setCookieHeaders.add(header);
            String pair = header.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (header.contains("Max-Age=0") || value.isEmpty()) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }
}
