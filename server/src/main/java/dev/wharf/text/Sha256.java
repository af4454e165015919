package dev.wharf.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a string's UTF-8 bytes, as lower-case hex. Used to store high-entropy secrets (session
 * ids, invitation and recovery codes; at least 80 random bits, so a fast hash leaves nothing to
 * guess) and to key things by a token without keeping the token. Passwords never come here; they
 * get Argon2id.
 */
public final class Sha256 {
    private Sha256() {}

    public static String hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
