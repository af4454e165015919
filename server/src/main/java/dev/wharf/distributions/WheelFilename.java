package dev.wharf.distributions;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a wheel filename, per the binary-distribution-format spec ("File name
 * convention"): {@code {distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform
 * tag}.whl}, where each tag may be a compressed tag set ({@code cp312.cp313}, split on {@code .}).
 *
 * <p>{@link #parse} accepts what {@code packaging.utils.parse_wheel_filename} accepts, with the
 * same messages, because pypi.org returns that function's error text verbatim.
 * It is stricter in three places, each refusing a file no tool builds: an empty or non-ASCII
 * distribution part, and an empty tag. Whether the distribution part equals the project's
 * filename-escaped name is the caller's check, since pypi.org words that refusal differently.
 *
 * @param distribution the first component exactly as written, e.g. {@code foo_bar}
 * @param version the parsed second component
 * @param buildTag the optional build tag, a tie-breaker between wheels of one version
 * @param pythonTags the python tag set, e.g. {@code [py2, py3]}
 * @param abiTags the ABI tag set, e.g. {@code [none]}
 * @param platformTags the platform tag set, e.g. {@code [manylinux_2_17_x86_64,
 *     manylinux2014_x86_64]}
 */
public record WheelFilename(
        String distribution,
        Version version,
        Optional<BuildTag> buildTag,
        List<String> pythonTags,
        List<String> abiTags,
        List<String> platformTags) {

    /** Our bound; common filesystems cap a filename at 255 bytes. */
    public static final int MAX_LENGTH = 255;

    private static final String EXTENSION = ".whl";

    // PEP 427 escaping leaves letters, digits, '.' and '_' (packaging allows any Unicode word
    // character; no valid project name has one, so we refuse them here already).
    private static final Pattern DISTRIBUTION = Pattern.compile("[A-Za-z0-9._]+");

    // Binary-distribution-format spec: "Optional build number. Must start with a digit."
    private static final Pattern BUILD_TAG = Pattern.compile("([0-9]+)(.*)");

    /**
     * A build tag: its leading digits as a number, and whatever follows them. Wheels sort by
     * {@code (number, suffix)} when several share a version.
     *
     * @param number the leading digits
     * @param suffix the rest, often empty
     */
    public record BuildTag(BigInteger number, String suffix) {
        public BuildTag {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(suffix, "suffix");
        }

        @Override
        public String toString() {
            return number + suffix;
        }
    }

    public WheelFilename {
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(buildTag, "buildTag");
        pythonTags = List.copyOf(pythonTags);
        abiTags = List.copyOf(abiTags);
        platformTags = List.copyOf(platformTags);
    }

    /**
     * Parses a wheel filename.
     *
     * @throws InvalidWheelFilenameException with packaging's messages, e.g. {@code Invalid wheel
     *     filename (wrong number of parts): 'foo_bar-1.0-py3-none'} (the quoted part, as in
     *     packaging, is the name without {@code .whl} except in the extension message)
     */
    public static WheelFilename parse(String filename) {
        Objects.requireNonNull(filename, "filename");
        if (filename.length() > MAX_LENGTH) {
            throw new InvalidWheelFilenameException(
                    "Invalid wheel filename (longer than " + MAX_LENGTH + " characters)");
        }
        if (!filename.endsWith(EXTENSION)) {
            throw new InvalidWheelFilenameException(
                    "Invalid wheel filename (extension must be '.whl'): " + pythonRepr(filename));
        }
        String stem = filename.substring(0, filename.length() - EXTENSION.length());
        String[] parts = stem.split("-", -1);
        if (parts.length != 5 && parts.length != 6) {
            throw new InvalidWheelFilenameException(
                    "Invalid wheel filename (wrong number of parts): " + pythonRepr(stem));
        }
        String distribution = parts[0];
        // Escaped names never hold "__": runs of separators collapse to one "_".
        if (distribution.contains("__") || !DISTRIBUTION.matcher(distribution).matches()) {
            throw new InvalidWheelFilenameException("Invalid project name: " + pythonRepr(stem));
        }
        Version version;
        try {
            version = Version.parse(parts[1]);
        } catch (InvalidVersionException e) {
            throw new InvalidWheelFilenameException("Invalid wheel filename (invalid version): " + pythonRepr(stem));
        }
        Optional<BuildTag> buildTag = Optional.empty();
        if (parts.length == 6) {
            Matcher m = BUILD_TAG.matcher(parts[2]);
            if (!m.matches()) {
                throw new InvalidWheelFilenameException(
                        "Invalid build number: " + parts[2] + " in " + pythonRepr(stem));
            }
            buildTag = Optional.of(new BuildTag(new BigInteger(m.group(1)), m.group(2)));
        }
        int tags = parts.length - 3;
        return new WheelFilename(
                distribution,
                version,
                buildTag,
                tagSet(parts[tags], stem),
                tagSet(parts[tags + 1], stem),
                tagSet(parts[tags + 2], stem));
    }

    private static List<String> tagSet(String compressed, String stem) {
        List<String> tags = Arrays.asList(compressed.split("\\.", -1));
        if (tags.contains("")) {
            throw new InvalidWheelFilenameException("Invalid wheel filename (empty tag): " + pythonRepr(stem));
        }
        return tags;
    }

    /** The PEP 503 normalized form of {@link #distribution()}, e.g. {@code foo-bar}. */
    public String normalizedName() {
        return ProjectName.normalize(distribution);
    }

    /**
     * What twine sends as the {@code pyversion} form field for this wheel: the python tag set as
     * written in the filename, e.g. {@code py2.py3}.
     */
    public String pyversionField() {
        return String.join(".", pythonTags);
    }

    /**
     * Python's {@code repr()} of a string, as packaging's messages embed it: single quotes unless
     * the text holds a single quote and no double quote; control characters escaped.
     */
    private static String pythonRepr(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }
}
