package dev.wharf.distributions;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * Core metadata (a METADATA/PKG-INFO file or the metadata fields of an upload form) is
 * unreadable or breaks a rule. The message is shown to the uploader verbatim; where pypi.org has
 * an exact text (its upload form and metadata checks) it is that text, including its
 * "See https://packaging.python.org/... for more information." suffix.
 */
public final class InvalidMetadataException extends WharfException {
    public InvalidMetadataException(String message) {
        super(Refusal.BAD_REQUEST, message);
    }
}
