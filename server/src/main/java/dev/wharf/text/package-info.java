/**
 * Text encodings every domain shares, so that each is configured in one place: JSON through one
 * mapper ({@link dev.wharf.text.Json}) and SHA-256 of a string as hex ({@link dev.wharf.text.Sha256}).
 * No HTTP, no storage.
 */
package dev.wharf.text;
