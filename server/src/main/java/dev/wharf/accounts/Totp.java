package dev.wharf.accounts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords, RFC 6238 over HOTP (RFC 4226), with the parameters every
 * authenticator app supports: HMAC-SHA1, 30-second steps counted from the Unix epoch, 6 digits.
 * A code is accepted for the current step and one step either side (RFC 6238 §5.2 recommends
 * allowing at most one step of network delay / clock drift).
 */
public final class Totp {
    public static final Duration STEP = Duration.ofSeconds(30);
    public static final int DIGITS = 6;
    /** Steps accepted on each side of the current one. */
    public static final int WINDOW = 1;
    /** RFC 4226 §4 R6 asks for at least 128 bits and recommends 160: a SHA-1 block's worth. */
    public static final int SECRET_BYTES = 20;

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {}

    /** The RFC 6238 time step T = floor((unix time - T0) / X), T0 = 0, X = 30 s. */
    public static long step(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), STEP.toSeconds());
    }

    /** The HOTP value for {@code step} with {@code digits} digits (1-8), zero-padded (RFC 4226 §5.3). */
    public static String code(byte[] secret, long step, int digits) {
        if (digits < 1 || digits > 8) {
            throw new IllegalArgumentException("digits must be 1 to 8, not " + digits);
        }
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has HmacSHA1", e);
        }
        // Dynamic truncation (RFC 4226 §5.3): 31 bits at the offset named by the last nibble.
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        String value = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - value.length()) + value;
    }

    /**
     * The step for which {@code presented} is the 6-digit code at {@code now}, looking one step
     * either side, but never at a step at or before {@code lastUsedStep} (the replay guard of
     * RFC 6238 §5.2: a code, once accepted, is not accepted again). Every candidate is compared, in
     * constant time, so timing does not say which one matched.
     */
    public static OptionalLong matchingStep(byte[] secret, String presented, Instant now, long lastUsedStep) {
        if (presented == null
                || presented.length() != DIGITS
                || !presented.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        byte[] given = presented.getBytes(StandardCharsets.US_ASCII);
        long current = step(now);
        long found = Long.MIN_VALUE;
        for (long step = current - WINDOW; step <= current + WINDOW; step++) {
            boolean equal =
                    MessageDigest.isEqual(code(secret, step, DIGITS).getBytes(StandardCharsets.US_ASCII), given);
            if (equal && step > lastUsedStep && found == Long.MIN_VALUE) {
                found = step;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }
}
