package dev.wharf.accounts;

import java.util.Optional;

/**
 * RFC 4648 §6 base32 (alphabet A-Z2-7) without padding: the form authenticator apps expect for
 * TOTP secrets in {@code otpauth://} URIs (Google Authenticator "Key Uri Format").
 */
final class Base32 {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    /** Longer input is refused; TOTP secrets here are 32 characters. */
    static final int MAX_ENCODED = 1024;

    private Base32() {}

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** Decodes unpadded upper- or lower-case base32; empty for any other character or a too-long input. */
    static Optional<byte[]> decode(String text) {
        if (text == null || text.length() > MAX_ENCODED) {
            return Optional.empty();
        }
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            int value = ALPHABET.indexOf(Character.toUpperCase(text.charAt(i)));
            if (value < 0) {
                return Optional.empty();
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return Optional.of(out);
    }
}
