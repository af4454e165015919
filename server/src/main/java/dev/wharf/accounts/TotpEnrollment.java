package dev.wharf.accounts;

/**
 * The start of a TOTP enrolment: the base32 secret (for typing in) and the {@code otpauth://} URI
 * (for a QR code). Shown to the user once; {@link #toString()} leaves both out.
 */
public record TotpEnrollment(String secret, String uri) {
    @Override
    public String toString() {
        return "TotpEnrollment[secret=<redacted>, uri=<redacted>]";
    }
}
