package dev.wharf.accounts;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import java.util.regex.Pattern;

/**
 * A validated user name: pypi.org's shape (letters, digits, {@code . _ -}, starting and ending
 * with a letter or digit, at most 50 characters). Unique ignoring case.
 */
public record Username(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,48}[A-Za-z0-9])?");

    public Username {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new WharfException(
                    Refusal.BAD_REQUEST,
                    "User names are 1-50 letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
        }
    }
}
