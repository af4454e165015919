package dev.wharf.mirror;

import dev.wharf.text.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads an upstream project page: PEP 691 JSON ({@code application/vnd.pypi.simple.v1+json}) or
 * PEP 503 HTML. What an upstream sends is untrusted: a page that is not what it claims to be is
 * refused whole (502); a single file entry that is unusable (no sha256, a name that could not be a
 * distribution's, a URL that is not http(s)) is left out, and the rest is served.
 */
final class UpstreamPageParser {
    /** pypi.org's largest pages list tens of thousands of files; far above that is an attack. */
    static final int MAX_FILES = 200_000;

    /** The shape of a blob key's file name, checked here so every listed file can be stored. */
    private static final Pattern FILENAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+!-]{0,254}");

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_TEXT = 1024;

    private final String upstream;

    UpstreamPageParser(String upstream) {
        this.upstream = upstream;
    }

    UpstreamProject json(byte[] body, URI pageUrl) {
        JsonNode page;
        try {
            page = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw UpstreamException.failed(upstream, "its project page is not valid JSON");
        }
        if (page == null || !page.isObject() || !page.path("files").isArray()) {
            throw UpstreamException.failed(upstream, "its project page has no \"files\" list (PEP 691)");
        }
        String apiVersion = page.path("meta").path("api-version").asString("");
        if (!apiVersion.startsWith("1.")) {
            throw UpstreamException.failed(
                    upstream, "its project page declares api-version \"" + text(apiVersion) + "\", not 1.x");
        }
        if (page.path("files").size() > MAX_FILES) {
            throw UpstreamException.failed(upstream, "its project page lists more than " + MAX_FILES + " files");
        }
        List<UpstreamFile> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode entry : page.path("files")) {
            String filename = entry.path("filename").asString("");
            String sha256 = entry.path("hashes").path("sha256").asString("");
            Optional<URI> url = resolve(pageUrl, entry.path("url").asString(""));
            if (!usable(filename, sha256, url) || !seen.add(filename)) {
                continue;
            }
            JsonNode yanked = entry.path("yanked");
            boolean isYanked = yanked.isString() || yanked.asBoolean(false);
            Optional<String> reason = yanked.isString() ? Optional.of(text(yanked.asString())) : Optional.empty();
            JsonNode metadata =
                    entry.has("core-metadata") ? entry.get("core-metadata") : entry.path("data-dist-info-metadata");
            files.add(new UpstreamFile(
                    filename,
                    url.get(),
                    sha256.toLowerCase(Locale.ROOT),
                    optionalText(entry.path("requires-python")),
                    entry.path("size").canConvertToLong() && entry.path("size").asLong() >= 0
                            ? OptionalLong.of(entry.path("size").asLong())
                            : OptionalLong.empty(),
                    instant(entry.path("upload-time").asString("")),
                    isYanked,
                    reason,
                    metadataHash(metadata.path("sha256").asString(""))));
        }
        String status = page.path("project-status").path("status").asString("active");
        long serial = page.path("meta").path("_last-serial").asLong(0);
        return new UpstreamProject(status(status), files, serial);
    }

    UpstreamProject html(byte[] body, URI pageUrl) {
        Document document = Jsoup.parse(new String(body, StandardCharsets.UTF_8), pageUrl.toString());
        String status = "active";
        for (Element meta : document.select("meta[name=pypi:project-status]")) {
            status = meta.attr("content");
        }
        List<Element> anchors = document.select("a[href]");
        if (anchors.size() > MAX_FILES) {
            throw UpstreamException.failed(upstream, "its project page lists more than " + MAX_FILES + " files");
        }
        List<UpstreamFile> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Element anchor : anchors) {
            String href = anchor.attr("href");
            int hash = href.indexOf('#');
            String fragment = hash < 0 ? "" : href.substring(hash + 1);
            String sha256 = fragment.startsWith("sha256=") ? fragment.substring(7) : "";
            Optional<URI> url = resolve(pageUrl, hash < 0 ? href : href.substring(0, hash));
            String filename = anchor.text().strip();
            if (!usable(filename, sha256, url) || !seen.add(filename)) {
                continue;
            }
            String metadata = anchor.hasAttr("data-core-metadata")
                    ? anchor.attr("data-core-metadata")
                    : anchor.attr("data-dist-info-metadata");
            files.add(new UpstreamFile(
                    filename,
                    url.get(),
                    sha256.toLowerCase(Locale.ROOT),
                    anchor.hasAttr("data-requires-python")
                            ? Optional.of(text(anchor.attr("data-requires-python")))
                            : Optional.empty(),
                    OptionalLong.empty(),
                    Optional.empty(),
                    anchor.hasAttr("data-yanked"),
                    anchor.hasAttr("data-yanked") && !anchor.attr("data-yanked").isEmpty()
                            ? Optional.of(text(anchor.attr("data-yanked")))
                            : Optional.empty(),
                    metadata.startsWith("sha256=") ? metadataHash(metadata.substring(7)) : Optional.empty()));
        }
        return new UpstreamProject(status(status), files, 0);
    }

    private static boolean usable(String filename, String sha256, Optional<URI> url) {
        return FILENAME.matcher(filename).matches()
                && !filename.contains("..")
                && !filename.endsWith(".metadata")
                && SHA256.matcher(sha256).matches()
                && url.isPresent();
    }

    /** The file URL against the page (both PEP 503 and 691 allow relative URLs); only http(s). */
    private static Optional<URI> resolve(URI pageUrl, String href) {
        if (href.isEmpty() || href.length() > 4096) {
            return Optional.empty();
        }
        try {
            URI url = pageUrl.resolve(href.strip());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(
                    new URI(scheme, url.getRawAuthority(), url.getRawPath(), url.getRawQuery(), null).normalize());
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            try {
                return Optional.of(pageUrl.resolve(href.strip()));
            } catch (IllegalArgumentException bad) {
                return Optional.empty();
            }
        }
    }

    private static Optional<String> metadataHash(String sha256) {
        return SHA256.matcher(sha256).matches() ? Optional.of(sha256.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    private static Optional<Instant> instant(String text) {
        if (text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> optionalText(JsonNode node) {
        return node.isString() ? Optional.of(text(node.asString())) : Optional.empty();
    }

    /** PEP 792's four statuses; anything else an upstream says is read as "active". */
    private static String status(String given) {
        return switch (given) {
            case "active", "archived", "quarantined", "deprecated" -> given;
            default -> "active";
        };
    }

    /** Free text from upstream, bounded and without control characters. */
    private static String text(String value) {
        String clean = value.codePoints()
                .filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return clean.length() > MAX_TEXT ? clean.substring(0, MAX_TEXT) : clean;
    }
}
