package dev.wharf.storage.blob;

import java.util.regex.Pattern;

/**
 * The storage path of a distribution file, content-addressed as on pypi.org
 * ({@code <b2[0:2]>/<b2[2:4]>/<b2[4:]>/<filename>}, where b2 is the hex BLAKE2b-256 of the bytes),
 * so the bytes under a key can never change. Validated once here: no separators, dots or control
 * characters can reach a file system path or an S3 key through it.
 */
public record BlobKey(String value) {
    private static final Pattern SHAPE =
            Pattern.compile("[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{60}/[A-Za-z0-9][A-Za-z0-9._+!-]{0,254}(\\.metadata)?");

    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    public BlobKey {
        if (!SHAPE.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException("not a blob key: " + value);
        }
    }

    /** The key of a distribution file. */
    public static BlobKey forFile(String blake2b256Hex, String filename) {
        if (!DIGEST.matcher(blake2b256Hex).matches()) {
            // Checked before slicing so a short digest is refused, not a StringIndexOutOfBoundsException.
            throw new IllegalArgumentException("not a lowercase hex BLAKE2b-256 digest: " + blake2b256Hex);
        }
        return new BlobKey(blake2b256Hex.substring(0, 2) + "/" + blake2b256Hex.substring(2, 4) + "/"
                + blake2b256Hex.substring(4) + "/" + filename);
    }

    /** The key of the PEP 658 core-metadata file served beside a wheel. */
    public BlobKey metadata() {
        return new BlobKey(value + ".metadata");
    }

    @Override
    public String toString() {
        return value;
    }
}
