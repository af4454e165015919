package dev.wharf.projects;

/** A file together with the release facts the index pages need (version, yank state). */
public record ProjectFile(
        DistributionFile file, String version, boolean yanked, java.util.Optional<String> yankedReason) {}
