package dev.wharf.distributions;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A valid Python project name, remembered as given and compared by its PEP 503 normalized form.
 *
 * <p>Validity is the core-metadata {@code Name} rule (PEP 508 identifier): ASCII letters and
 * digits, with {@code .}, {@code _} and {@code -} allowed only between them. Two names are the
 * same project when their normalized forms are equal ({@code Friendly.Bard} and
 * {@code friendly-bard}), so {@link #equals} and {@link #hashCode} use {@link #normalized()}.
 */
public final class ProjectName {
    /**
     * Our own bound; the specs set none. PyPI's longest names are well under 100 characters, and
     * a name ends up in URLs, filenames and the reason phrase of error responses.
     */
    public static final int MAX_LENGTH = 200;

    // Core metadata "Name" / PEP 508: start and end with a letter or digit. ASCII only: Java's
    // CASE_INSENSITIVE without UNICODE_CASE folds ASCII letters only, as Python's re.ASCII does.
    private static final Pattern VALID =
            Pattern.compile("[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9]", Pattern.CASE_INSENSITIVE);

    private final String display;
    private final String normalized;

    private ProjectName(String display) {
        this.display = display;
        this.normalized = normalize(display);
    }

    /**
     * Validates {@code raw} and returns it as a name.
     *
     * @throws InvalidProjectNameException with pypi.org's message {@code The name '<n>' is
     *     invalid.} (when an upload would create the project) when {@code raw} is not a valid name
     */
    public static ProjectName of(String raw) {
        Objects.requireNonNull(raw, "raw");
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidProjectNameException(
                    "The name is invalid: it is longer than " + MAX_LENGTH + " characters.");
        }
        if (!isValid(raw)) {
            throw new InvalidProjectNameException("The name '" + raw + "' is invalid.");
        }
        return new ProjectName(raw);
    }

    /** Whether {@code raw} is a valid name within our length limit; never throws. */
    public static boolean isValid(String raw) {
        return raw != null && raw.length() <= MAX_LENGTH && VALID.matcher(raw).matches();
    }

    /**
     * PEP 503 / name-normalization spec: every run of {@code -}, {@code _} and {@code .} becomes a
     * single {@code -}, and the result is lower case. Works on any string, valid or not, so that
     * URL paths such as {@code /simple/<anything>/} can be normalized before lookup.
     */
    public static String normalize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean inSeparatorRun = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-' || c == '_' || c == '.') {
                if (!inSeparatorRun) {
                    out.append('-');
                }
                inSeparatorRun = true;
            } else {
                out.append(c);
                inSeparatorRun = false;
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether {@code name} is both a valid name and already in normalized form, i.e. what a
     * client may use in a {@code /simple/<name>/} URL without being redirected.
     */
    public static boolean isNormalized(String name) {
        return isValid(name) && normalize(name).equals(name);
    }

    /** The name exactly as given (the project's display name). */
    public String display() {
        return display;
    }

    /** The PEP 503 normalized form, e.g. {@code friendly-bard}. */
    public String normalized() {
        return normalized;
    }

    /**
     * The form distribution filenames must start with (binary-distribution-format and
     * source-distribution-format specs, "Escaping"): normalized, with {@code -} replaced by
     * {@code _}, e.g. {@code friendly_bard}.
     */
    public String filenameEscaped() {
        return normalized.replace('-', '_');
    }

    /**
     * pypi.org's "too similar to an existing project" key: lower case, with {@code .}, {@code _}
     * and {@code -} removed, {@code l} and {@code i} mapped to {@code 1} and {@code o} to
     * {@code 0}, so {@code Foo-Bar}, {@code f00bar} and {@code FOO.BAR} collide.
     */
    public String ultranormalized() {
        StringBuilder out = new StringBuilder(normalized.length());
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            switch (c) {
                case '-' -> {}
                case 'l', 'i' -> out.append('1');
                case 'o' -> out.append('0');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProjectName that && normalized.equals(that.normalized);
    }

    @Override
    public int hashCode() {
        return normalized.hashCode();
    }

    /** The display name. */
    @Override
    public String toString() {
        return display;
    }
}
