package dev.wharf.testing;

import dev.wharf.accounts.Totp;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Locale;

/**
 * What a person's authenticator app does with the secret Wharf shows: decode its base32 and compute
 * the time-based code. Written here rather than reusing the server's decoder, so tests check the
 * server against an independent reading of RFC 4648 and RFC 6238.
 */
public final class AuthenticatorApp {
    private AuthenticatorApp() {}

    /** The code for {@code stepOffset} 30-second steps from now. */
    public static String code(String base32Secret, int stepOffset) {
        return Totp.code(base32(base32Secret), Totp.step(Instant.now()) + stepOffset, Totp.DIGITS);
    }

    /** RFC 4648 §6 base32; padding and spaces ignored, either case. */
    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c :
                text.toUpperCase(Locale.ROOT).replace("=", "").replace(" ", "").toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
