package dev.wharf.projects;

import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Blobs that something besides hosted files refers to: a mirror stores an upstream file under the
 * same content address an upload of the same bytes and name would use. Such a blob must outlive the
 * hosted file that shares it.
 */
@FunctionalInterface
public interface SharedBlobs {
    SharedBlobs NONE = (handle, digests) -> Set.of();

    /**
     * Of the blobs whose BLAKE2b-256 digest is one of {@code digests}, the keys still referred to
     * ({@code .metadata} blobs given as the key they extend).
     */
    Set<String> referenced(Handle handle, Set<String> digests);
}
