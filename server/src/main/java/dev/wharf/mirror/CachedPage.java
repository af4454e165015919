package dev.wharf.mirror;

import java.time.Instant;
import java.util.Optional;

/**
 * A mirror's stored copy of an upstream page: the project (empty for a cached 404), the validators to
 * revalidate it with, and when it was last fetched or confirmed.
 */
record CachedPage(
        Optional<UpstreamProject> project, Optional<String> etag, Optional<String> lastModified, Instant fetchedAt) {}
