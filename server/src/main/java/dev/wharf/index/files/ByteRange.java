package dev.wharf.index.files;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A single HTTP byte range (RFC 9110 §14.1.2): {@code bytes=first-last}, {@code bytes=first-} or
 * {@code bytes=-suffix}. Several ranges, or anything malformed, are ignored and the whole file is
 * sent, which the RFC allows.
 */
record ByteRange(long first, long length, boolean unsatisfiable) {
    private static final Pattern DIGITS = Pattern.compile("\\d*");

    static Optional<ByteRange> parse(String header, long size) {
        if (header == null || header.length() > 100 || !header.startsWith("bytes=") || header.contains(",")) {
            return Optional.empty();
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String start = spec.substring(0, dash).trim();
            String end = spec.substring(dash + 1).trim();
            // RFC 9110 §14.1.2: positions are 1*DIGIT. Long.parseLong also takes signs ("bytes=--5",
            // "bytes=+1-2"), which would turn garbage into a 416 instead of ignoring it.
            if (!DIGITS.matcher(start).matches() || !DIGITS.matcher(end).matches()) {
                return Optional.empty();
            }
            if (start.isEmpty()) {
                long suffix = Long.parseLong(end);
                if (suffix <= 0) {
                    return Optional.of(new ByteRange(0, 0, true));
                }
                long length = Math.min(suffix, size);
                return Optional.of(new ByteRange(size - length, length, size == 0));
            }
            long first = Long.parseLong(start);
            long last = end.isEmpty() ? size - 1 : Math.min(Long.parseLong(end), size - 1);
            if (first >= size || last < first) {
                return Optional.of(new ByteRange(0, 0, true));
            }
            return Optional.of(new ByteRange(first, last - first + 1, false));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
