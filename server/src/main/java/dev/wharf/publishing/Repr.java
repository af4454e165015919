package dev.wharf.publishing;

import dev.wharf.distributions.PythonRepr;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Python {@code repr()} of strings and sorted lists, because pypi.org's reasons embed them
 * ({@code expecting one of ['a', 'b'], got 'c'}) and users compare them with pypi.org's. A claim
 * echoed back is cut at {@value #MAX_ECHO} characters: it came from the caller, and the reason
 * goes into a reason phrase.
 */
public final class Repr {
    static final int MAX_ECHO = 300;

    private Repr() {}

    public static String of(String text) {
        String shown = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
        return PythonRepr.of(shown);
    }

    /** {@code repr(sorted(values))}: {@code ['a', 'b']}. */
    public static String sortedList(Collection<String> values) {
        return values.stream().sorted().map(Repr::of).collect(Collectors.joining(", ", "[", "]"));
    }
}
