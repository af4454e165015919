package dev.wharf.distributions;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The three digests pypi.org computes for every upload, as lowercase hex: md5 (legacy
 * {@code md5_digest}), sha256 (PEP 503/691 hashes) and BLAKE2b-256 (JSON API, storage path).
 */
public record FileDigests(String md5, String sha256, String blake2b256) {
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public FileDigests {
        if (!MD5.matcher(md5).matches()
                || !HEX64.matcher(sha256).matches()
                || !HEX64.matcher(blake2b256).matches()) {
            throw new IllegalArgumentException("digests must be lowercase hex of the right length");
        }
    }

    /** Digests of bytes already in memory (used for the small METADATA files). */
    public static FileDigests of(byte[] bytes) {
        StreamingDigester digester = new StreamingDigester();
        digester.update(bytes, 0, bytes.length);
        return digester.finish();
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest).toLowerCase(Locale.ROOT);
    }
}
