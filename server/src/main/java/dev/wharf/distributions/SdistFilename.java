package dev.wharf.distributions;

import java.util.Objects;

/**
 * The parts of a source distribution filename, per PEP 625 and the source-distribution-format
 * spec: {@code {name}-{version}.tar.gz}.
 *
 * <p>{@link #parse} reads a name the way pypi.org does (its sdist filename check): it splits at the
 * <em>last</em> {@code -}, since a PEP 440 version never contains one in normal form, and it also
 * accepts the legacy {@code .zip} extension. Accepting {@code .zip} here is deliberate: pypi.org
 * then refuses such a file with the more useful {@code Filename '<f>' is invalid, should be
 * '<expected>'.}, so callers must always compare the filename with {@link #expected} as well.
 *
 * @param distribution the name part exactly as written, e.g. {@code foo_bar}
 * @param version the parsed version part
 */
public record SdistFilename(String distribution, Version version) {
    /** Our bound; common filesystems cap a filename at 255 bytes. */
    public static final int MAX_LENGTH = 255;

    public SdistFilename {
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(version, "version");
    }

    /**
     * Parses an sdist filename.
     *
     * @throws InvalidSdistFilenameException with pypi.org's message {@code Invalid source
     *     distribution filename: <filename>} when the extension is neither {@code .tar.gz} nor
     *     {@code .zip}, there is no {@code -}, the name part is not a valid project name, or the
     *     version part is not a PEP 440 version ({@code foo_bar-1.0-post1.tar.gz} fails here: its
     *     version part is {@code post1})
     */
    public static SdistFilename parse(String filename) {
        Objects.requireNonNull(filename, "filename");
        if (filename.length() > MAX_LENGTH) {
            throw new InvalidSdistFilenameException(
                    "Invalid source distribution filename: " + filename.substring(0, MAX_LENGTH) + "...");
        }
        String stem;
        if (filename.endsWith(".tar.gz")) {
            stem = filename.substring(0, filename.length() - ".tar.gz".length());
        } else if (filename.endsWith(".zip")) {
            stem = filename.substring(0, filename.length() - ".zip".length());
        } else {
            throw invalid(filename);
        }
        int dash = stem.lastIndexOf('-');
        if (dash < 0) {
            throw invalid(filename);
        }
        String name = stem.substring(0, dash);
        if (!ProjectName.isValid(name)) {
            throw invalid(filename);
        }
        try {
            return new SdistFilename(name, Version.parse(stem.substring(dash + 1)));
        } catch (InvalidVersionException e) {
            throw invalid(filename);
        }
    }

    private static InvalidSdistFilenameException invalid(String filename) {
        return new InvalidSdistFilenameException("Invalid source distribution filename: " + filename);
    }

    /**
     * The one filename pypi.org accepts for this project and version: the filename-escaped name,
     * the normalized version and {@code .tar.gz}, e.g. {@code foo_bar-1.0.post1.tar.gz} for
     * {@code Foo.Bar} {@code 1.0-post1}.
     */
    public static String expected(ProjectName project, Version version) {
        return project.filenameEscaped() + "-" + version.normalized() + ".tar.gz";
    }

    /** The PEP 503 normalized form of {@link #distribution()}, e.g. {@code foo-bar}. */
    public String normalizedName() {
        return ProjectName.normalize(distribution);
    }
}
