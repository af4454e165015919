package dev.wharf.projects;

import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Blobs that something besides hosted files refers to (a mirror's stored upstream files), which the
 * orphan collector must leave alone. Mirrors address their blobs by SHA-256 and uploads by
 * BLAKE2b-256, so the two never share a blob.
 */
@FunctionalInterface
public interface SharedBlobs {
    SharedBlobs NONE = (handle, digests) -> Set.of();

    /**
     * Of the blobs whose key is made of one of {@code digests}, the keys still referred to
     * ({@code .metadata} blobs given as the key they extend).
     */
    Set<String> referenced(Handle handle, Set<String> digests);
}
