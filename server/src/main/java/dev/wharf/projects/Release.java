package dev.wharf.projects;

import java.time.Instant;
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
        Instant createdAt) {}
