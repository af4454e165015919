/**
 * The upload API, {@code POST /legacy/}: a streaming multipart reader that stages and hashes the
 * file in constant memory, and a pipeline of small checks in pypi.org's order with pypi.org's
 * messages (Warehouse {@code forklift/legacy.py}; {@code docs/compatibility.md} lists where Wharf
 * differs), ending in an all-or-nothing publish.
 *
 * <p>The form on its way: the reader collects the text parts as they arrive ({@link
 * dev.wharf.upload.FormField}s of an {@link dev.wharf.upload.UploadRequest}; only the retired
 * {@code :action}s are looked up there, before authentication); the pipeline turns them once into
 * the {@link dev.wharf.upload.UploadForm} (pypi.org's sanitize rules and limits), from which the
 * metadata ({@code distributions.FormMetadata}) and the protocol fields ({@link
 * dev.wharf.upload.UploadFields}) are parsed.
 */
package dev.wharf.upload;
