package dev.wharf.upload;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** An upload refused by a rule of {@code POST /legacy/}; the message is pypi.org's where it has one. */
public final class UploadRejectedException extends WharfException {
    public UploadRejectedException(Refusal refusal, String message) {
        super(refusal, message);
    }

    public static UploadRejectedException badRequest(String message) {
        return new UploadRejectedException(Refusal.BAD_REQUEST, message);
    }
}
