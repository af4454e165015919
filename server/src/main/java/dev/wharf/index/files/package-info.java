/**
 * Serving distribution files and PEP 658 metadata files from the blob store: HEAD, single ranges,
 * immutable caching, and only for files whose catalogue row has committed.
 */
package dev.wharf.index.files;
