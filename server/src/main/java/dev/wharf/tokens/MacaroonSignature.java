package dev.wharf.tokens;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a macaroon with first-party caveats, as libmacaroons (and pymacaroons, which
 * pypi.org uses, and jmacaroons, which verifies here) compute it: HMAC-SHA256 keyed with the root
 * key derived as {@code HMAC("macaroons-key-generator", key)}, over the identifier, then each
 * caveat's identifier keyed with the signature so far.
 *
 * <p>Computed here for minting because jmacaroons looks up a new {@link Mac} for every step, a
 * tenth of a Trusted Publishing exchange's CPU; verification stays jmacaroons' (TokenService), so
 * every test that checks a minted token checks this chain against it.
 */
final class MacaroonSignature {
    /** libmacaroons' key-derivation key; HMAC pads it with zeros to the block size, as jmacaroons' 32-byte copy. */
    private static final byte[] GENERATOR = "macaroons-key-generator".getBytes(StandardCharsets.US_ASCII);

    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    });

    private MacaroonSignature() {}

    static byte[] sign(byte[] rootKey, String identifier, List<String> caveats) {
        Mac mac = HMAC.get();
        byte[] signature = hmac(mac, hmac(mac, GENERATOR, rootKey), identifier.getBytes(StandardCharsets.UTF_8));
        for (String caveat : caveats) {
            signature = hmac(mac, signature, caveat.getBytes(StandardCharsets.UTF_8));
        }
        return signature;
    }

    private static byte[] hmac(Mac mac, byte[] key, byte[] message) {
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an HMAC-SHA256 key of " + key.length + " bytes was refused", e);
        }
        return mac.doFinal(message);
    }
}
