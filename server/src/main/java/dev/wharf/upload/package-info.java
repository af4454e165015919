/**
 * The upload API, {@code POST /legacy/}: a streaming multipart reader that stages and hashes the
 * file in constant memory, and a pipeline of small checks in pypi.org's order with pypi.org's
 * messages (Warehouse {@code forklift/legacy.py}; {@code docs/compatibility.md} lists where Wharf
 * differs), ending in an all-or-nothing publish.
 */
package dev.wharf.upload;
