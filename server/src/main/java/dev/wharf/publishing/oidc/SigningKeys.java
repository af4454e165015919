package dev.wharf.publishing.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JWKS document (RFC 7517 §5) into the RSA signature keys Wharf may verify with, by
 * {@code kid}. Shared by the fetched and the pinned key sets so that both obey one rule.
 *
 * <table>
 *   <caption>Which keys of a set are kept</caption>
 *   <tr><th>Property</th><th>Rule</th></tr>
 *   <tr><td>{@code kty}</td><td>{@code RSA}; other types are skipped (RS256 is the only algorithm)</td></tr>
 *   <tr><td>{@code kid}</td><td>present and non-empty (tokens name their key; no kid, no lookup)</td></tr>
 *   <tr><td>{@code use}</td><td>absent or {@code sig}; an encryption key never verifies a signature</td></tr>
 *   <tr><td>{@code alg}</td><td>absent or {@code RS256}</td></tr>
 *   <tr><td>size</td><td>at least 2048 bits (RFC 7518 §3.3)</td></tr>
 *   <tr><td>private parts</td><td>dropped ({@code toPublicJWK}); a set that leaked them still verifies</td></tr>
 *   <tr><td>duplicate {@code kid}</td><td>the first key wins</td></tr>
 * </table>
 * Not checked: {@code x5c}/{@code x5t} certificate chains. The key is trusted because of where it
 * was fetched (the issuer's own discovery document over TLS) or because an administrator pinned it.
 */
final class SigningKeys {
    static final int MIN_RSA_BITS = 2048;

    private SigningKeys() {}

    /** The usable keys of a JWKS document; throws {@link ParseException} if it is not one. */
    static Map<String, RSAKey> parse(String json) throws ParseException {
        Map<String, Object> document = JSONObjectUtils.parse(json);
        List<Object> keys;
        try {
            keys = JSONObjectUtils.getJSONArray(document, "keys");
        } catch (ParseException e) {
            throw new ParseException("\"keys\" is not an array", 0);
        }
        if (keys == null) {
            throw new ParseException("no \"keys\" array", 0);
        }
        Map<String, RSAKey> usable = new LinkedHashMap<>();
        for (Object entry : keys) {
            if (!(entry instanceof Map<?, ?> map)) {
                continue;
            }
            JWK jwk;
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                jwk = JWK.parse(object);
            } catch (ParseException | RuntimeException e) {
                continue; // one odd key (an unknown kty, say) must not hide the others
            }
            if (jwk instanceof RSAKey rsa && usable(rsa)) {
                usable.putIfAbsent(rsa.getKeyID(), rsa.toPublicJWK());
            }
        }
        return Collections.unmodifiableMap(usable);
    }

    private static boolean usable(RSAKey key) {
        return key.getKeyID() != null
                && !key.getKeyID().isEmpty()
                && (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
                && (key.getAlgorithm() == null || JWSAlgorithm.RS256.equals(key.getAlgorithm()))
                && key.size() >= MIN_RSA_BITS;
    }
}
