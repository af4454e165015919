package dev.wharf.projects;

import dev.wharf.distributions.Version;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * A release: one PEP 440 version of a project. {@code 1.0} and {@code 1.0.0} are the same release
 * (pypi.org looks releases up by canonical version).
 *
 * @param version      the version as first uploaded, normalized
 * @param metadataJson core metadata of the first file uploaded for it, as JSON (pypi.org: first file wins)
 */
public record Release(
        long id,
        long projectId,
        String version,
        String canonicalVersion,
        boolean prerelease,
        Optional<String> requiresPython,
        Optional<String> summary,
        String metadataJson,
        boolean yanked,
        Optional<String> yankedReason,
        Instant createdAt) {

    /** PEP 440 order of the versions, oldest first; {@code .reversed()} for newest first. */
    public static final Comparator<Release> BY_VERSION = Comparator.comparing(r -> Version.parse(r.version()));
}
