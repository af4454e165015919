/**
 * The blob store port for distribution files and its adapters. Keys are content-addressed
 * ({@link dev.wharf.storage.blob.BlobKey}); a blob appears only when complete and never changes.
 */
package dev.wharf.storage.blob;
