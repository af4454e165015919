package dev.wharf.projects;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * pypi.org's "latest" release, shown by the JSON API and the project page: among releases that have
 * files, non-yanked first, then non-prerelease, then the highest PEP 440 version.
 */
public final class LatestRelease {
    private LatestRelease() {}

    public static Optional<Release> of(List<Release> releases, List<ProjectFile> files) {
        return releases.stream()
                .filter(r -> files.stream().anyMatch(f -> f.file().releaseId() == r.id()))
                .max(Comparator.comparing((Release r) -> !r.yanked())
                        .thenComparing(r -> !r.prerelease())
                        .thenComparing(Release.BY_VERSION));
    }
}
