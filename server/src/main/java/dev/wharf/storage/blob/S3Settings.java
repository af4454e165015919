package dev.wharf.storage.blob;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the S3 adapter keeps blobs: an S3-compatible server ({@code endpoint}, e.g. MinIO, Ceph
 * RGW, Garage, or {@code https://s3.eu-west-1.amazonaws.com}), the bucket, static credentials and
 * a key prefix placed in front of every {@link BlobKey} (empty for none, e.g. {@code "wharf/"}).
 *
 * <p>Validated once, at construction, with messages naming the field, so a bad configuration
 * stops the server at start instead of failing the first upload. {@link #toString()} never shows
 * the secret key, so the settings can be logged.
 */
public record S3Settings(
        URI endpoint, String region, String bucket, String accessKey, String secretKey, String prefix) {
    /** S3 keys are at most 1024 bytes; a blob key is at most ~330, so the prefix gets the rest with room to spare. */
    static final int MAX_PREFIX_LENGTH = 512;

    /**
     * AWS's bucket naming rule (3-63 characters of lowercase letters, digits, dots, hyphens,
     * starting and ending alphanumeric), relaxed to also accept underscores, which legacy AWS
     * buckets and several S3-compatible servers allow.
     */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9](?:[a-z0-9._-]{1,61})[a-z0-9]");

    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

    public S3Settings {
        Objects.requireNonNull(endpoint, "s3 endpoint is required");
        if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException(
                    "s3 endpoint must be an http:// or https:// URL with a host: " + endpoint);
        }
        if (endpoint.getRawUserInfo() != null) {
            // Credentials belong in accessKey/secretKey, never in a URL that ends up in logs.
            throw new IllegalArgumentException(
                    "s3 endpoint must not contain user info; set the access and secret keys instead");
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException(
                    "s3 region must be 1-64 lowercase letters, digits or hyphens, e.g. us-east-1: " + region);
        }
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException(
                    "s3 bucket must be 3-63 lowercase letters, digits, dots, hyphens or underscores: " + bucket);
        }
        if (accessKey == null || accessKey.isBlank()) {
            throw new IllegalArgumentException("s3 access key is required");
        }
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("s3 secret key is required");
        }
        prefix = prefix == null ? "" : prefix;
        if (prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("s3 prefix must be at most " + MAX_PREFIX_LENGTH + " characters");
        }
        if (prefix.startsWith("/") || prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            throw new IllegalArgumentException(
                    "s3 prefix must not start with '/' nor contain control characters or backslashes: " + prefix);
        }
    }

    /** The secret key is replaced by {@code ***}: settings objects get logged at startup. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", accessKey="
                + accessKey + ", secretKey=***, prefix=" + prefix + "]";
    }
}
