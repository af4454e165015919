package dev.wharf.upload;

import dev.wharf.distributions.PlatformTags;
import dev.wharf.distributions.ProjectName;
import dev.wharf.distributions.SdistFilename;
import dev.wharf.distributions.Version;
import dev.wharf.distributions.WheelFilename;

/**
 * Filename rules of {@code POST /legacy/}, as pypi.org applies them (PEP 527, PEP 625, PEP 427).
 * Installers trust the filename for the project and version (pip derives the version from it), so
 * the name must be exactly the escaped project name and the version must equal the metadata's.
 */
final class FilenameRules {
    static final int MAX_FILENAME = 255;

    private FilenameRules() {}

    /** Step 11: characters and extension, before anything is read from the file. */
    static void checkShape(String filename, UploadFields.FileType fileType) {
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw UploadRejectedException.badRequest("Cannot upload a file with non-printable characters "
                        + "(ordinals 0-31) or the DEL character (ordinal 127) in the name.");
            }
        }
        if (filename.contains("/") || filename.contains("\\")) {
            throw UploadRejectedException.badRequest("Cannot upload a file with '/' or '\\' in the name.");
        }
        if (filename.length() > MAX_FILENAME) {
            throw UploadRejectedException.badRequest(
                    "Cannot upload a file whose name is longer than " + MAX_FILENAME + " characters.");
        }
        String extension = filename.endsWith(".tar.gz")
                ? ".tar.gz"
                : filename.endsWith(".zip") ? ".zip" : filename.endsWith(".whl") ? ".whl" : null;
        if (extension == null) {
            throw UploadRejectedException.badRequest(
                    "Invalid file extension: Use .tar.gz, .whl or .zip extension. "
                            + "See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information");
        }
        boolean fits = fileType == UploadFields.FileType.WHEEL ? extension.equals(".whl") : !extension.equals(".whl");
        if (!fits) {
            throw UploadRejectedException.badRequest("Invalid file extension: Extension " + extension
                    + " is invalid for filetype " + fileType.formValue
                    + ". See https://www.python.org/dev/peps/pep-0527 for more information.");
        }
    }

    /** Step 20 (PEP 625): the sdist must be named exactly {@code <escaped_name>-<normalized_version>.tar.gz}. */
    static void checkSdist(String filename, ProjectName project, Version version) {
        SdistFilename parsed = SdistFilename.parse(filename);
        if (!ProjectName.normalize(parsed.distribution()).equals(project.normalized())) {
            throw UploadRejectedException.badRequest(
                    "Start filename for '" + project.display() + "' with '" + project.filenameEscaped() + "'.");
        }
        String expected = SdistFilename.expected(project, version);
        if (!filename.equals(expected)) {
            throw UploadRejectedException.badRequest(
                    "Filename '" + filename + "' is invalid, should be '" + expected + "'.");
        }
    }

    /** Step 21: wheel name, version and platform tags. */
    static WheelFilename checkWheel(
            String filename, ProjectName project, Version version, boolean allowAnyPlatformTag) {
        WheelFilename wheel = WheelFilename.parse(filename);
        if (!allowAnyPlatformTag) {
            for (String tag : wheel.platformTags()) {
                if (!PlatformTags.isAllowedOnPypi(tag)) {
                    throw UploadRejectedException.badRequest(
                            "Binary wheel '" + filename + "' has an unsupported platform tag '" + tag + "'.");
                }
            }
        }
        if (!ProjectName.normalize(wheel.distribution()).equals(project.normalized())) {
            throw UploadRejectedException.badRequest(
                    "Start filename for '" + project.display() + "' with '" + project.filenameEscaped() + "'.");
        }
        if (!wheel.distribution().equals(project.filenameEscaped())) {
            throw UploadRejectedException.badRequest(
                    "Filename '" + filename + "' should contain the normalized project name '"
                            + project.filenameEscaped() + "', not '" + wheel.distribution() + "'.");
        }
        if (!wheel.version().equals(version)) {
            throw UploadRejectedException.badRequest("Version in filename should be '" + version.normalized()
                    + "' not '" + wheel.version().normalized() + "'.");
        }
        return wheel;
    }
}
