/**
 * The blob store port for distribution files and its adapters: {@link
 * dev.wharf.storage.blob.LocalBlobStore} (files under the data directory, staged then renamed)
 * and {@link dev.wharf.storage.blob.S3BlobStore} (an S3-compatible bucket, atomic PUT or
 * multipart upload). Keys are content-addressed ({@link dev.wharf.storage.blob.BlobKey}); a blob
 * appears only when complete and never changes. Both adapters pass the same contract test.
 */
package dev.wharf.storage.blob;
