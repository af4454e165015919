package dev.wharf.distributions;

/**
 * The bounds every archive reader enforces on an uploaded distribution, so that no archive can
 * make Wharf use unbounded memory, disk or time (a rule of the house in {@code docs/dev/README.md}:
 * every reader of client data has a limit).
 *
 * @param maxEntries largest number of members (zip entries or tar members) an archive may have
 * @param maxUncompressedTotal largest total uncompressed size: declared sizes for a zip (as
 *     pypi.org sums them), actual decompressed bytes for a gzip-compressed tar
 * @param maxMemberRead largest single member we read into memory ({@code METADATA},
 *     {@code PKG-INFO}, {@code WHEEL}, {@code RECORD}, {@code entry_points.txt}), counted on the
 *     actual decompressed output, never on a size the archive declares
 * @param maxCompressionRatio uncompressed size divided by file size above which an archive is a
 *     decompression bomb (pypi.org: 50)
 * @param ratioThreshold the ratio rule applies only when the uncompressed size exceeds this many
 *     bytes (pypi.org: 64 MiB), so small highly compressible files stay acceptable
 */
public record ArchiveLimits(
        int maxEntries,
        long maxUncompressedTotal,
        long maxMemberRead,
        double maxCompressionRatio,
        long ratioThreshold) {

    private static final long MIB = 1024L * 1024L;

    /** pypi.org's {@code COMPRESSION_RATIO_MIN_SIZE}. */
    public static final long PYPI_RATIO_THRESHOLD = 64 * MIB;

    public ArchiveLimits {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        if (maxUncompressedTotal < 1) {
            throw new IllegalArgumentException("maxUncompressedTotal must be positive, was " + maxUncompressedTotal);
        }
        // Members are read into a byte[]; keep one spare byte to detect "larger than the limit".
        if (maxMemberRead < 1 || maxMemberRead > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(
                    "maxMemberRead must be in 1.." + (Integer.MAX_VALUE - 16) + ", was " + maxMemberRead);
        }
        if (!(maxCompressionRatio >= 1.0) || Double.isInfinite(maxCompressionRatio)) {
            throw new IllegalArgumentException(
                    "maxCompressionRatio must be a finite number >= 1, was " + maxCompressionRatio);
        }
        if (ratioThreshold < 0) {
            throw new IllegalArgumentException("ratioThreshold must not be negative, was " + ratioThreshold);
        }
    }

    /** Limits with pypi.org's ratio threshold of 64 MiB. */
    public ArchiveLimits(int maxEntries, long maxUncompressedTotal, long maxMemberRead, double maxCompressionRatio) {
        this(maxEntries, maxUncompressedTotal, maxMemberRead, maxCompressionRatio, PYPI_RATIO_THRESHOLD);
    }

    /**
     * 100 000 members, 4 GiB uncompressed, 16 MiB per member read, and pypi.org's bomb rule:
     * refuse a ratio above 50 once the uncompressed size exceeds 64 MiB.
     */
    public static ArchiveLimits defaults() {
        return new ArchiveLimits(100_000, 4096 * MIB, 16 * MIB, 50.0, PYPI_RATIO_THRESHOLD);
    }

    /**
     * Whether {@code uncompressed} bytes out of a {@code fileSize}-byte file is a decompression
     * bomb by pypi.org's rule ({@code uncompressed > 64 MiB and uncompressed / size > 50}).
     */
    boolean exceedsRatio(long uncompressed, long fileSize) {
        if (uncompressed <= ratioThreshold) {
            return false;
        }
        return fileSize <= 0 || (double) uncompressed / (double) fileSize > maxCompressionRatio;
    }

    /** The ratio as pypi.org prints it: {@code 50}, not {@code 50.0}. */
    String ratioText() {
        return maxCompressionRatio == Math.rint(maxCompressionRatio)
                ? Long.toString((long) maxCompressionRatio)
                : Double.toString(maxCompressionRatio);
    }
}
