package dev.wharf.errors;

import java.util.Locale;

/**
 * Recognizes "the disk is full" in an exception's cause chain. Java reports ENOSPC and EDQUOT only
 * as message text ({@code IOException: No space left on device}), and SQLite as SQLITE_FULL
 * ("database or disk is full"), so the text is what there is to read.
 */
public final class StorageFull {
    private static final String[] SIGNS = {"no space left on device", "disk quota exceeded", "database or disk is full"
    };

    private StorageFull() {}

    public static boolean causedBy(Throwable exception) {
        return Causes.first(exception, StorageFull::says).isPresent();
    }

    private static boolean says(Throwable exception) {
        String message = exception.getMessage();
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        for (String sign : SIGNS) {
            if (lower.contains(sign)) {
                return true;
            }
        }
        return false;
    }
}
