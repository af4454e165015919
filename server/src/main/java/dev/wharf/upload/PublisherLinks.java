package dev.wharf.upload;

import org.jdbi.v3.core.Handle;

/**
 * Whether a trusted publisher is attached to a project right now. Every upload made with a
 * publisher's token asks again, inside the upload's transaction, so removing a publisher from a
 * project stops its live tokens at once (pypi.org's OIDCPublisher caveat does the same).
 */
@FunctionalInterface
public interface PublisherLinks {
    boolean linked(Handle handle, long publisherId, long projectId);

    /** For an index without Trusted Publishing: no publisher is attached to anything. */
    static PublisherLinks none() {
        return (handle, publisherId, projectId) -> false;
    }
}
