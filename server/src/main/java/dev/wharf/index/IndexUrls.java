package dev.wharf.index;

import dev.wharf.projects.DistributionFile;
import java.net.URI;

/**
 * The URLs the index hands out. File links are absolute paths under the public URL's path, so
 * they work both when clients resolve them against the page (PEP 503 HTML, PEP 691 JSON) and
 * behind a reverse proxy that mounts Wharf under a prefix. The JSON API, whose consumers expect
 * absolute URLs, gets the full public URL.
 */
public record IndexUrls(URI publicUrl) {

    /** The public URL's path without a trailing slash ("" at the root). */
    public String basePath() {
        String path = publicUrl.getRawPath() == null ? "" : publicUrl.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    public String filePath(DistributionFile file) {
        return basePath() + "/packages/" + file.blobKey().value();
    }

    public String fileUrl(DistributionFile file) {
        return origin() + filePath(file);
    }

    public String simpleProjectPath(String normalizedName) {
        return basePath() + "/simple/" + normalizedName + "/";
    }

    public String absolute(String path) {
        return origin() + basePath() + path;
    }

    private String origin() {
        return publicUrl.getScheme() + "://" + publicUrl.getRawAuthority();
    }
}
