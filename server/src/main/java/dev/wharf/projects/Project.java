package dev.wharf.projects;

import java.time.Instant;

/**
 * A project of the catalogue.
 *
 * @param name           display name, as last uploaded in metadata {@code Name} (pypi.org rule)
 * @param normalizedName PEP 503 normalized name, unique
 * @param status         PEP 792 project status: active, archived, quarantined or deprecated
 * @param lastSerial     serial of the last change of this project (X-PyPI-Last-Serial)
 * @param totalSize      bytes of all its files, for the per-project size limit
 */
public record Project(
        long id,
        String name,
        String normalizedName,
        String status,
        long lastSerial,
        long totalSize,
        Instant createdAt) {}
