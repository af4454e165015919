package dev.wharf.indexes;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as administrators write them: {@code 30s}, {@code 10m}, {@code 12h}, {@code 3d}. */
public final class Ages {
    private static final Pattern SHAPE = Pattern.compile("([0-9]{1,6})([smhd])");

    private Ages() {}

    public static Duration parse(String text, String what) {
        Matcher matcher = SHAPE.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw IndexException.badRequest(
                    what + " is a number followed by s, m, h or d (e.g. 10m or 3d); got \"" + text + "\"");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The shortest exact spelling {@link #parse} reads back. */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0 && seconds > 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
