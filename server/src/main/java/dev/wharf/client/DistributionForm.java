package dev.wharf.client;

import dev.wharf.distributions.ArchiveLimits;
import dev.wharf.distributions.CoreMetadata;
import dev.wharf.distributions.FileDigests;
import dev.wharf.distributions.SdistReader;
import dev.wharf.distributions.StreamingDigester;
import dev.wharf.distributions.WheelFilename;
import dev.wharf.distributions.WheelReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The upload form for one distribution file, built the way twine builds it: core metadata read from
 * the archive itself (wheel METADATA or sdist PKG-INFO), multi-use fields repeated, License-File
 * left out below Metadata-Version 2.4 (twine drops it there too), digests computed locally.
 */
public record DistributionForm(
        Path file, String filename, List<Map.Entry<String, String>> fields, FileDigests digests) {

    public static DistributionForm of(Path file) {
        String filename = file.getFileName().toString();
        CoreMetadata metadata;
        String filetype;
        String pyversion;
        if (filename.endsWith(".whl")) {
            WheelFilename wheel = WheelFilename.parse(filename);
            String distInfo = wheel.distribution() + "-" + filename.split("-")[1] + ".dist-info";
            metadata = CoreMetadata.parse(WheelReader.read(file, filename, distInfo, ArchiveLimits.defaults())
                    .metadata());
            filetype = "bdist_wheel";
            pyversion = wheel.pyversionField();
        } else if (filename.endsWith(".tar.gz")) {
            metadata = CoreMetadata.parse(
                    SdistReader.read(file, ArchiveLimits.defaults()).pkgInfo());
            filetype = "sdist";
            pyversion = "source";
        } else {
            throw new PublishException(filename + " is neither a wheel (.whl) nor an sdist (.tar.gz)");
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        add(fields, ":action", "file_upload");
        add(fields, "protocol_version", "1");
        add(fields, "filetype", filetype);
        add(fields, "pyversion", pyversion);
        add(fields, "metadata_version", metadata.metadataVersion());
        add(fields, "name", metadata.name());
        add(fields, "version", metadata.version());
        metadata.summary().ifPresent(v -> add(fields, "summary", v));
        metadata.description().ifPresent(v -> add(fields, "description", v));
        metadata.descriptionContentType().ifPresent(v -> add(fields, "description_content_type", v));
        metadata.keywords().ifPresent(v -> add(fields, "keywords", v));
        metadata.homePage().ifPresent(v -> add(fields, "home_page", v));
        metadata.downloadUrl().ifPresent(v -> add(fields, "download_url", v));
        metadata.author().ifPresent(v -> add(fields, "author", v));
        metadata.authorEmail().ifPresent(v -> add(fields, "author_email", v));
        metadata.maintainer().ifPresent(v -> add(fields, "maintainer", v));
        metadata.maintainerEmail().ifPresent(v -> add(fields, "maintainer_email", v));
        metadata.license().ifPresent(v -> add(fields, "license", v));
        metadata.licenseExpression().ifPresent(v -> add(fields, "license_expression", v));
        metadata.requiresPython().ifPresent(v -> add(fields, "requires_python", v));
        if (atLeast24(metadata.metadataVersion())) {
            metadata.licenseFiles().forEach(v -> add(fields, "license_file", v));
        }
        metadata.classifiers().forEach(v -> add(fields, "classifiers", v));
        metadata.platforms().forEach(v -> add(fields, "platform", v));
        metadata.supportedPlatforms().forEach(v -> add(fields, "supported_platform", v));
        metadata.requiresDist().forEach(v -> add(fields, "requires_dist", v));
        metadata.providesDist().forEach(v -> add(fields, "provides_dist", v));
        metadata.obsoletesDist().forEach(v -> add(fields, "obsoletes_dist", v));
        metadata.requiresExternal().forEach(v -> add(fields, "requires_external", v));
        metadata.providesExtra().forEach(v -> add(fields, "provides_extra", v));
        metadata.projectUrls().forEach(u -> add(fields, "project_urls", u.label() + ", " + u.url()));
        metadata.dynamic().forEach(v -> add(fields, "dynamic", v));
        FileDigests digests = digest(file);
        add(fields, "md5_digest", digests.md5());
        add(fields, "sha256_digest", digests.sha256());
        add(fields, "blake2_256_digest", digests.blake2b256());
        return new DistributionForm(file, filename, List.copyOf(fields), digests);
    }

    private static boolean atLeast24(String metadataVersion) {
        String[] parts = metadataVersion.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 2 || (major == 2 && minor >= 4);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void add(List<Map.Entry<String, String>> fields, String name, String value) {
        fields.add(Map.entry(name, value));
    }

    private static FileDigests digest(Path file) {
        StreamingDigester digester = new StreamingDigester();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digester.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new PublishException("Cannot read " + file + ": " + e.getMessage());
        }
        return digester.finish();
    }
}
