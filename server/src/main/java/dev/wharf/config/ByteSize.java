package dev.wharf.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes written for people: {@code 100MiB}, {@code 10GiB}, {@code 512KiB}, {@code 1024}. */
public final class ByteSize {
    private static final Pattern SHAPE = Pattern.compile("(\\d{1,15})\\s*(b|kib|mib|gib|tib|kb|mb|gb|tb)?");

    private ByteSize() {}

    public static long parse(String key, String text) {
        Matcher matcher = SHAPE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new ConfigException(key + ": '" + text + "' is not a size; write e.g. 100MiB or 10GiB");
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        long multiplier = switch (unit) {
            case "b" -> 1L;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "tb" -> 1_000_000_000_000L;
            default -> throw new ConfigException(key + ": unknown unit " + unit);
        };
        try {
            return Math.multiplyExact(number, multiplier);
        } catch (ArithmeticException e) {
            throw new ConfigException(key + ": '" + text + "' is too large");
        }
    }
}
