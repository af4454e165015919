package dev.wharf.index;

import dev.wharf.distributions.SdistFilename;
import dev.wharf.distributions.Version;
import dev.wharf.distributions.WheelFilename;
import dev.wharf.projects.ProjectFile;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One file as a simple-API page lists it, whichever index it comes from (hosted or a mirror).
 *
 * @param url                the link clients follow (a path on this server)
 * @param size               known for hosted files and for upstreams that publish it (PEP 700)
 * @param uploadTime         known for hosted files and for upstreams that publish it (PEP 700)
 * @param coreMetadataSha256 set when a PEP 658 {@code .metadata} file is served beside it
 * @param version            the release it belongs to; empty for an upstream file whose name
 *                           follows neither the wheel nor the sdist convention (old formats)
 */
public record IndexedFile(
        String filename,
        String url,
        String sha256,
        Optional<String> requiresPython,
        OptionalLong size,
        Optional<Instant> uploadTime,
        boolean yanked,
        Optional<String> yankedReason,
        Optional<String> coreMetadataSha256,
        Optional<Version> version) {

    /** A hosted project's file, linked at its {@code /packages/} URL. */
    public static IndexedFile hosted(ProjectFile entry, IndexUrls urls) {
        var file = entry.file();
        return new IndexedFile(
                file.filename(),
                urls.filePath(file),
                file.digests().sha256(),
                file.requiresPython(),
                OptionalLong.of(file.size()),
                Optional.of(file.uploadTime()),
                entry.yanked(),
                entry.yankedReason(),
                file.metadataSha256(),
                Optional.of(Version.parse(entry.version())));
    }

    /** The version a wheel or sdist name carries, if it follows either convention. */
    public static Optional<Version> versionOf(String filename) {
        try {
            if (filename.endsWith(".whl")) {
                return Optional.of(WheelFilename.parse(filename).version());
            }
            return Optional.of(SdistFilename.parse(filename).version());
        } catch (RuntimeException notOne) {
            return Optional.empty();
        }
    }
}
