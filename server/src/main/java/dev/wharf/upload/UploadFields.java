package dev.wharf.upload;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The control fields of the upload form (not core metadata): {@code protocol_version},
 * {@code filetype}, {@code pyversion}, the digests and {@code comment}, checked with pypi.org's
 * messages (Warehouse {@code forklift/legacy.py}).
 */
record UploadFields(
        FileType fileType,
        String pyversion,
        Optional<String> md5,
        Optional<String> sha256,
        Optional<String> blake2b256,
        Optional<String> comment) {
    private static final Pattern MD5 = Pattern.compile("[A-Fa-f0-9]{32}");
    private static final Pattern HEX64 = Pattern.compile("[A-Fa-f0-9]{64}");
    private static final int MAX_COMMENT = 10_000;

    enum FileType {
        SDIST("sdist"),
        WHEEL("bdist_wheel");

        final String formValue;

        FileType(String formValue) {
            this.formValue = formValue;
        }
    }

    static void checkProtocol(UploadForm form) {
        String protocol = form.single("protocol_version").orElse("1");
        if (!"1".equals(protocol)) {
            throw UploadRejectedException.badRequest("Unknown protocol version.");
        }
    }

    /** Checks the control fields in pypi.org's order: alphabetical after name and version. */
    static UploadFields parse(UploadForm form) {
        Optional<String> blake2 =
                digest(form, "blake2_256_digest", HEX64, "Use a valid, hex-encoded, BLAKE2 message digest.");
        Optional<String> comment = form.single("comment");
        if (comment.isPresent() && comment.get().length() > MAX_COMMENT) {
            throw UploadRejectedException.badRequest(
                    "Invalid value for comment. Error: Field cannot be longer than " + MAX_COMMENT + " characters.");
        }
        FileType fileType = fileType(form);
        Optional<String> md5 = digest(form, "md5_digest", MD5, "Use a valid, hex-encoded, MD5 message digest.");
        String pyversion = pyversion(form, fileType);
        Optional<String> sha256 =
                digest(form, "sha256_digest", HEX64, "Use a valid, hex-encoded, SHA256 message digest.");
        if (md5.isEmpty() && sha256.isEmpty() && blake2.isEmpty()) {
            throw UploadRejectedException.badRequest("Error: Include at least one message digest.");
        }
        return new UploadFields(fileType, pyversion, md5, sha256, blake2, comment);
    }

    private static FileType fileType(UploadForm form) {
        String value = form.single("filetype")
                .orElseThrow(() -> UploadRejectedException.badRequest(
                        "Invalid value for filetype. Error: This field is required."));
        for (FileType type : FileType.values()) {
            if (type.formValue.equals(value)) {
                return type;
            }
        }
        throw UploadRejectedException.badRequest("Invalid value for filetype. Error: Use a known file type.");
    }

    private static String pyversion(UploadForm form, FileType fileType) {
        Optional<String> value = form.single("pyversion");
        if (fileType == FileType.WHEEL) {
            if (value.isEmpty()) {
                throw UploadRejectedException.badRequest("Invalid value for pyversion. Error: "
                        + "Python version is required for binary distribution uploads.");
            }
            if (value.get().length() > 100) {
                throw UploadRejectedException.badRequest(
                        "Invalid value for pyversion. Error: Field cannot be longer than 100 characters.");
            }
            return value.get();
        }
        if (value.isPresent() && !"source".equals(value.get())) {
            throw UploadRejectedException.badRequest(
                    "Invalid value for pyversion. Error: " + "Use 'source' as Python version for an sdist.");
        }
        return "source";
    }

    private static Optional<String> digest(UploadForm form, String field, Pattern shape, String error) {
        Optional<String> value = form.single(field);
        if (value.isPresent() && !shape.matcher(value.get()).matches()) {
            throw UploadRejectedException.badRequest("Invalid value for " + field + ". Error: " + error);
        }
        return value.map(v -> v.toLowerCase(Locale.ROOT));
    }
}
