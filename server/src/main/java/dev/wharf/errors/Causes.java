package dev.wharf.errors;

import java.util.Optional;
import java.util.function.Predicate;

/** Looks through an exception's cause chain (bounded: a chain can be long, or in theory cyclic). */
public final class Causes {
    private static final int MAX_DEPTH = 16;

    private Causes() {}

    /** The exception itself or the first of its causes that {@code test} accepts. */
    public static Optional<Throwable> first(Throwable exception, Predicate<Throwable> test) {
        int depth = 0;
        for (Throwable cause = exception; cause != null && depth < MAX_DEPTH; cause = cause.getCause(), depth++) {
            if (test.test(cause)) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }
}
