package dev.wharf.upload;

import dev.wharf.distributions.ArchiveLimits;
import dev.wharf.distributions.CoreMetadata;
import dev.wharf.distributions.ProjectName;
import dev.wharf.distributions.SdistContents;
import dev.wharf.distributions.SdistReader;
import dev.wharf.distributions.Version;
import dev.wharf.distributions.WheelContents;
import dev.wharf.distributions.WheelFilename;
import dev.wharf.distributions.WheelReader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Looks inside an uploaded archive (after the archive and filename checks) and binds what it finds to
 * the form: License-File entries must exist, and the archive's own METADATA / PKG-INFO must name
 * the same project and version as the form. pypi.org does not make that last comparison; we do,
 * because resolvers read the archive's metadata while the index lists the form's, and a mismatch
 * makes pip fail with MetadataInconsistent (see {@code docs/compatibility.md}).
 */
public final class DistributionInspector {
    private final ArchiveLimits limits;

    public DistributionInspector(ArchiveLimits limits) {
        this.limits = limits;
    }

    InspectedDistribution inspectWheel(
            Path file, String filename, WheelFilename wheel, ProjectName project, Version version, CoreMetadata form) {
        String distInfo = wheel.distribution() + "-" + filenameVersion(filename) + ".dist-info";
        WheelContents contents = WheelReader.read(file, filename, distInfo, limits);
        for (String licenseFile : form.licenseFiles()) {
            String path = distInfo + "/licenses/" + licenseFile;
            if (!contents.entryNames().contains(path)) {
                throw UploadRejectedException.badRequest("License-File " + licenseFile
                        + " does not exist in distribution file " + filename + " at " + path);
            }
        }
        bind(CoreMetadata.parse(contents.metadata()), filename, project, version);
        return new InspectedDistribution(Optional.of(contents.metadata()));
    }

    InspectedDistribution inspectSdist(
            Path file, String filename, ProjectName project, Version version, CoreMetadata form) {
        SdistContents contents = SdistReader.read(file, limits);
        Set<String> members = contents.memberNames();
        for (String licenseFile : form.licenseFiles()) {
            if (!members.contains(licenseFile)) {
                throw UploadRejectedException.badRequest("License-File " + licenseFile
                        + " does not exist in distribution file " + filename + " at "
                        + contents.topDirectory() + "/" + licenseFile);
            }
        }
        bind(CoreMetadata.parse(contents.pkgInfo()), filename, project, version);
        return new InspectedDistribution(Optional.empty());
    }

    /** The version component exactly as written in the wheel filename (pypi.org looks up dist-info with it). */
    private static String filenameVersion(String filename) {
        String[] parts = filename.split("-");
        return parts[1];
    }

    private static void bind(CoreMetadata archived, String filename, ProjectName project, Version version) {
        String archivedName = archived.name() == null ? "" : archived.name();
        boolean sameName = ProjectName.normalize(archivedName).equals(project.normalized());
        boolean sameVersion;
        try {
            sameVersion = archived.version() != null
                    && Version.parse(archived.version()).equals(version);
        } catch (RuntimeException e) {
            sameVersion = false;
        }
        if (!sameName || !sameVersion) {
            throw UploadRejectedException.badRequest("The metadata inside '" + filename + "' is for '" + archivedName
                    + "' version '" + archived.version() + "', but the upload form says '" + project.display()
                    + "' version '" + version.normalized() + "'. Upload the file together with its own metadata.");
        }
    }
}
