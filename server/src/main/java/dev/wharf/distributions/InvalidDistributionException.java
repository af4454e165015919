package dev.wharf.distributions;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * An uploaded archive that is not an acceptable wheel or sdist (pypi.org's archive checks).
 * The message is pypi.org's: {@code Invalid distribution file. } followed by the detail, e.g.
 * {@code File is not a zipfile} or {@code ZIP archive not accepted: ZIP contains a data
 * descriptor. See https://docs.pypi.org/archives for more information}.
 */
public final class InvalidDistributionException extends WharfException {
    static final String PREFIX = "Invalid distribution file. ";
    private static final String ARCHIVES_HELP = ". See https://docs.pypi.org/archives for more information";

    private InvalidDistributionException(String detail) {
        super(Refusal.BAD_REQUEST, PREFIX + detail);
    }

    /** {@code Invalid distribution file. <detail>}. */
    static InvalidDistributionException of(String detail) {
        return new InvalidDistributionException(detail);
    }

    /** pypi.org's framing refusal: {@code ZIP archive not accepted: <reason>. See ...archives...}. */
    static InvalidDistributionException zipNotAccepted(String reason) {
        return new InvalidDistributionException("ZIP archive not accepted: " + reason + ARCHIVES_HELP);
    }

    /** pypi.org's tar refusal: {@code tar archive not accepted: <reason>. See ...archives...}. */
    static InvalidDistributionException tarNotAccepted(String reason) {
        return new InvalidDistributionException("tar archive not accepted: " + reason + ARCHIVES_HELP);
    }
}
