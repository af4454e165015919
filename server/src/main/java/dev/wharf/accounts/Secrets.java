package dev.wharf.accounts;

import java.security.SecureRandom;
import java.util.Base64;

/** The few primitives every secret in this package is made with: random bytes, base64url, SHA-256. */
final class Secrets {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {}

    static byte[] randomBytes(SecureRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** {@code length} random bytes as unpadded base64url: safe in cookies, URLs and form fields. */
    static String randomToken(SecureRandom random, int length) {
        return BASE64URL.encodeToString(randomBytes(random, length));
    }

    static String base64url(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }

    /** True if {@code value} is exactly {@code length} characters of the base64url alphabet. */
    static boolean isBase64url(String value, int length) {
        if (value == null || value.length() != length) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
