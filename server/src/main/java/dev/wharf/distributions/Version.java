package dev.wharf.distributions;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version (the "version-specifiers" spec), parsed once from any spelling the spec's
 * "Normalization" section permits and compared by the spec's ordering rules.
 *
 * <p>Three string forms matter to an index:
 * <ul>
 *   <li>{@link #normalized()} — the spec's normal form ({@code 1.0-post1} becomes
 *       {@code 1.0.post1}); pypi.org demands it in sdist filenames.
 *   <li>{@link #canonical()} — the normal form with trailing {@code .0} release components
 *       removed ({@code 1.0.0} becomes {@code 1}); pypi.org uses it to decide that {@code 1.0}
 *       and {@code 1.0.0} are the same release.
 *   <li>the string as uploaded, which callers keep themselves if they need it.
 * </ul>
 *
 * <p>{@link #equals} agrees with {@link #compareTo}: {@code 1.0}, {@code 1.0.0} and
 * {@code v1.0} are equal. Numbers are {@link BigInteger}s because the spec bounds none of them;
 * the {@link #MAX_LENGTH} input limit bounds their size instead.
 */
public final class Version implements Comparable<Version> {
    /** Our own bound on the input; the spec sets none. */
    public static final int MAX_LENGTH = 128;

    /**
     * The grammar of the spec's "Normalization" section, written out segment by segment. Case is
     * ignored for ASCII only (no UNICODE_CASE), so a Kelvin sign never passes for a {@code k}.
     */
    private static final Pattern GRAMMAR = Pattern.compile(
            "v?"
                    + "(?:(?<epoch>[0-9]+)!)?"
                    + "(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    // pre-release: optional separator, spelling, optional separator, optional number
                    + "(?:[-_.]?(?<preLabel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preNumber>[0-9]+)?)?"
                    // post-release: either the implicit "-N" form or a spelled one
                    + "(?:-(?<implicitPost>[0-9]+)"
                    + "|[-_.]?(?<postLabel>post|rev|r)[-_.]?(?<postNumber>[0-9]+)?)?"
                    + "(?:[-_.]?(?<devLabel>dev)[-_.]?(?<devNumber>[0-9]+)?)?"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern LOCAL_SEPARATOR = Pattern.compile("[-_.]");

    /** Pre-release kinds in their sort order: {@code a < b < rc}. */
    private enum PreKind {
        A("a"),
        B("b"),
        RC("rc");

        private final String normal;

        PreKind(String normal) {
            this.normal = normal;
        }

        static PreKind of(String spelling) {
            return switch (spelling.toLowerCase(Locale.ROOT)) {
                case "a", "alpha" -> A;
                case "b", "beta" -> B;
                default -> RC; // rc, c, pre, preview
            };
        }
    }

    /** One dot-separated part of a local version label: a number, or lower-case text. */
    private record LocalPart(BigInteger number, String text) implements Comparable<LocalPart> {
        static LocalPart of(String raw) {
            return raw.chars().allMatch(c -> c >= '0' && c <= '9')
                    ? new LocalPart(new BigInteger(raw), null)
                    : new LocalPart(null, raw.toLowerCase(Locale.ROOT));
        }

        /** Spec, "Local version identifiers": numeric parts sort after alphanumeric ones. */
        @Override
        public int compareTo(LocalPart other) {
            if (number != null && other.number != null) {
                return number.compareTo(other.number);
            }
            if (text != null && other.text != null) {
                return text.compareTo(other.text);
            }
            return number != null ? 1 : -1;
        }

        @Override
        public String toString() {
            return number != null ? number.toString() : text;
        }
    }

    private final BigInteger epoch;
    private final List<BigInteger> release;
    private final PreKind preKind;
    private final BigInteger preNumber;
    private final BigInteger post;
    private final BigInteger dev;
    private final List<LocalPart> local;
    private final String normalized;

    private Version(
            BigInteger epoch,
            List<BigInteger> release,
            PreKind preKind,
            BigInteger preNumber,
            BigInteger post,
            BigInteger dev,
            List<LocalPart> local) {
        this.epoch = epoch;
        this.release = List.copyOf(release);
        this.preKind = preKind;
        this.preNumber = preNumber;
        this.post = post;
        this.dev = dev;
        this.local = local == null ? null : List.copyOf(local);
        this.normalized = render(this.release, true);
    }

    /**
     * Parses {@code raw} as a PEP 440 version. Leading and trailing whitespace is ignored, as the
     * spec requires.
     *
     * @throws InvalidVersionException with the message pypi.org gives for a bad metadata version,
     *     {@code '<v>' is invalid for 'version'}
     */
    public static Version parse(String raw) {
        Objects.requireNonNull(raw, "raw");
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidVersionException("'" + raw.substring(0, MAX_LENGTH)
                    + "...' is invalid for 'version' (longer than " + MAX_LENGTH + " characters)");
        }
        Matcher m = GRAMMAR.matcher(stripSpecWhitespace(raw));
        if (!m.matches()) {
            throw new InvalidVersionException("'" + raw + "' is invalid for 'version'");
        }
        BigInteger epoch = m.group("epoch") == null ? BigInteger.ZERO : number(m.group("epoch"));
        List<BigInteger> release = new ArrayList<>();
        for (String part : m.group("release").split("\\.")) {
            release.add(number(part));
        }
        PreKind preKind = null;
        BigInteger preNumber = null;
        if (m.group("preLabel") != null) {
            preKind = PreKind.of(m.group("preLabel"));
            preNumber = numberOrZero(m.group("preNumber")); // "Implicit pre-release number"
        }
        BigInteger post = null;
        if (m.group("implicitPost") != null) {
            post = number(m.group("implicitPost")); // "Implicit post releases": 1.0-1
        } else if (m.group("postLabel") != null) {
            post = numberOrZero(m.group("postNumber"));
        }
        BigInteger dev = m.group("devLabel") == null ? null : numberOrZero(m.group("devNumber"));
        List<LocalPart> local = null;
        if (m.group("local") != null) {
            local = Arrays.stream(LOCAL_SEPARATOR.split(m.group("local")))
                    .map(LocalPart::of)
                    .toList();
        }
        return new Version(epoch, release, preKind, preNumber, post, dev, local);
    }

    /** The spec's whitespace set: space, \t, \n, \r, \f and \v. */
    private static String stripSpecWhitespace(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && isSpecWhitespace(raw.charAt(start))) {
            start++;
        }
        while (end > start && isSpecWhitespace(raw.charAt(end - 1))) {
            end--;
        }
        return raw.substring(start, end);
    }

    private static boolean isSpecWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static BigInteger number(String digits) {
        return new BigInteger(digits); // "Integer normalization": 007 is 7
    }

    private static BigInteger numberOrZero(String digits) {
        return digits == null ? BigInteger.ZERO : number(digits);
    }

    /** The spec's normal form, e.g. {@code 1!2.0rc1.post3.dev4+ubuntu.1}. */
    public String normalized() {
        return normalized;
    }

    /**
     * The normal form with trailing zero release components removed, keeping at least one
     * ({@code 1.0.0} → {@code 1}, {@code 1.4.0} → {@code 1.4}, {@code 0.0} → {@code 0}); epoch,
     * pre, post, dev and local segments are kept. This is {@code
     * packaging.utils.canonicalize_version}, which pypi.org uses to find "the same release".
     */
    public String canonical() {
        int length = release.size();
        while (length > 1 && release.get(length - 1).signum() == 0) {
            length--;
        }
        return render(release.subList(0, length), true);
    }

    /** The version without its local label, e.g. {@code 1.0} for {@code 1.0+abc.5}. */
    public String publicVersion() {
        return render(release, false);
    }

    private String render(List<BigInteger> releaseParts, boolean withLocal) {
        StringBuilder out = new StringBuilder();
        if (epoch.signum() != 0) {
            out.append(epoch).append('!');
        }
        for (int i = 0; i < releaseParts.size(); i++) {
            if (i > 0) {
                out.append('.');
            }
            out.append(releaseParts.get(i));
        }
        if (preKind != null) {
            out.append(preKind.normal).append(preNumber);
        }
        if (post != null) {
            out.append(".post").append(post);
        }
        if (dev != null) {
            out.append(".dev").append(dev);
        }
        if (withLocal && local != null) {
            out.append('+').append(localLabel());
        }
        return out.toString();
    }

    private String localLabel() {
        StringBuilder out = new StringBuilder();
        for (LocalPart part : local) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(part);
        }
        return out.toString();
    }

    /** Whether this is a pre-release in the spec's sense: it has a pre or a dev segment. */
    public boolean isPrerelease() {
        return preKind != null || dev != null;
    }

    /** Whether this has a {@code .devN} segment. */
    public boolean isDevelopment() {
        return dev != null;
    }

    /** Whether this has a {@code .postN} segment. */
    public boolean isPostRelease() {
        return post != null;
    }

    /** Whether this has a local label ({@code +...}); pypi.org refuses such uploads. */
    public boolean isLocal() {
        return local != null;
    }

    /** The normalized local label without the {@code +}, if any. */
    public Optional<String> local() {
        return local == null ? Optional.empty() : Optional.of(localLabel());
    }

    /** This version with its local label removed. */
    public Version withoutLocal() {
        return local == null ? this : new Version(epoch, release, preKind, preNumber, post, dev, null);
    }

    /**
     * The spec's order ("Summary of permitted suffixes and relative ordering"): epoch, then
     * release padded with zeros, then {@code .devN < aN < bN < rcN < (none) < .postN}, with a
     * pre-release's own {@code .devN < (none) < .postN} and a post-release's
     * {@code .devN < (none)}, then the local label, absent before present.
     */
    @Override
    public int compareTo(Version other) {
        int c = epoch.compareTo(other.epoch);
        if (c != 0) {
            return c;
        }
        c = compareReleases(release, other.release);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(preRank(), other.preRank());
        if (c != 0) {
            return c;
        }
        if (preKind != null) { // both have a pre segment, since the ranks are equal
            c = preKind.compareTo(other.preKind);
            if (c != 0) {
                return c;
            }
            c = preNumber.compareTo(other.preNumber);
            if (c != 0) {
                return c;
            }
        }
        c = compareAbsentFirst(post, other.post);
        if (c != 0) {
            return c;
        }
        c = compareAbsentLast(dev, other.dev);
        if (c != 0) {
            return c;
        }
        return compareLocals(local, other.local);
    }

    /**
     * Where the pre segment places this version: a bare dev release ({@code 1.0.dev1}, no pre and
     * no post) sorts before every pre-release of the same release; no pre segment sorts after.
     */
    private int preRank() {
        if (preKind == null && post == null && dev != null) {
            return 0;
        }
        return preKind != null ? 1 : 2;
    }

    private static int compareReleases(List<BigInteger> a, List<BigInteger> b) {
        int length = Math.max(a.size(), b.size());
        for (int i = 0; i < length; i++) {
            BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
            BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareAbsentFirst(BigInteger a, BigInteger b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    private static int compareAbsentLast(BigInteger a, BigInteger b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return a.compareTo(b);
    }

    /** Part by part; when one label is a prefix of the other, the shorter sorts first. */
    private static int compareLocals(List<LocalPart> a, List<LocalPart> b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Equal when {@link #compareTo} says so: {@code 1.0 == 1.0.0 == v1.0}. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Version that && compareTo(that) == 0;
    }

    /** Hashes exactly what {@link #compareTo} compares, with trailing release zeros dropped. */
    @Override
    public int hashCode() {
        int length = release.size();
        while (length > 0 && release.get(length - 1).signum() == 0) {
            length--;
        }
        return Objects.hash(epoch, release.subList(0, length), preRank(), preKind, preNumber, post, dev, local);
    }

    /** The normalized form. */
    @Override
    public String toString() {
        return normalized;
    }
}
