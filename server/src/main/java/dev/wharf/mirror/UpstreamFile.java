package dev.wharf.mirror;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A file as an upstream page lists it, after validation: a name that is safe as a path segment and
 * a blob key, an absolute http(s) URL, and a lowercase hex sha256 (files without one are not
 * mirrored, as their bytes could not be checked).
 *
 * @param coreMetadataSha256 the PEP 658/714 hash of its {@code .metadata} file, when the upstream
 *                           serves one with a hash
 */
public record UpstreamFile(
        String filename,
        URI url,
        String sha256,
        Optional<String> requiresPython,
        OptionalLong size,
        Optional<Instant> uploadTime,
        boolean yanked,
        Optional<String> yankedReason,
        Optional<String> coreMetadataSha256) {}
