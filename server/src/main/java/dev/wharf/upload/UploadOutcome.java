package dev.wharf.upload;

/**
 * What an accepted upload did. pypi.org answers both with 200: an identical re-upload is a no-op
 * so that client retries are idempotent (twine retries a whole upload after a 5xx).
 */
public enum UploadOutcome {
    STORED,
    IDENTICAL_FILE_EXISTS
}
