package dev.wharf.indexes;

import java.util.regex.Pattern;

/**
 * The name of an index, the {@code NAME} of {@code /i/NAME/simple/}: lowercase letters, digits and
 * inner hyphens, at most 63 characters, so it is a URL path segment and a file-name-safe word as is.
 * {@code hosted} names the hosted projects and cannot be taken by a defined index.
 */
public record IndexName(String value) {
    public static final String HOSTED = "hosted";
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    public IndexName {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw IndexException.badRequest("An index name is 1 to 63 lowercase letters, digits and inner hyphens, "
                    + "e.g. \"pypi\" or \"all\"; got \"" + value + "\"");
        }
    }

    public boolean isHosted() {
        return value.equals(HOSTED);
    }

    @Override
    public String toString() {
        return value;
    }
}
