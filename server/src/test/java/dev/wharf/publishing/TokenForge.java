package dev.wharf.publishing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A GitHub-Actions-like OIDC issuer that signs whatever a test asks for, including what no honest
 * issuer would: other algorithms, missing or foreign key ids, claims of the wrong JSON type. Its
 * key set is meant to be pinned ({@code IssuerRegistry.add(url, GITHUB, Optional.of(jwksJson()))}),
 * so its tokens verify without any network, at an {@code https} URL that never resolves.
 */
final class TokenForge {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String issuer;
    private final RSAKey key;

    TokenForge(String issuer) {
        this.issuer = issuer;
        this.key = rsaKey("forge-" + UUID.randomUUID());
    }

    /** A fresh 2048-bit RSA signing key named {@code kid}. */
    static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String issuer() {
        return issuer;
    }

    RSAKey key() {
        return key;
    }

    String kid() {
        return key.getKeyID();
    }

    /** The public key set, as an issuer publishes it at its {@code jwks_uri}. */
    String jwksJson() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /**
     * The claims GitHub Actions puts into a job's token (GitHub's OpenID Connect docs), for a push to
     * {@code ref} in {@code owner/repository} running {@code workflow}, valid for five minutes
     * from now. The map is mutable: tests replace or remove claims one at a time.
     */
    Map<String, Object> github(
            String audience, String owner, String ownerId, String repository, String workflow, String ref) {
        long now = Instant.now().getEpochSecond();
        String fullRepository = owner + "/" + repository;
        String sha = sha1(fullRepository + "@" + ref + "@" + now);
        String workflowRef = fullRepository + "/.github/workflows/" + workflow + "@" + ref;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("sub", "repo:" + fullRepository + ":ref:" + ref);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iat", now);
        claims.put("nbf", now - 5);
        claims.put("exp", now + 300);
        claims.put("actor", "octocat");
        claims.put("actor_id", "583231");
        claims.put("event_name", "push");
        claims.put("job_workflow_ref", workflowRef);
        claims.put("job_workflow_sha", sha);
        claims.put("ref", ref);
        claims.put("ref_type", ref.startsWith("refs/tags/") ? "tag" : "branch");
        claims.put("repository", fullRepository);
        claims.put("repository_id", "1296269");
        claims.put("repository_owner", owner);
        claims.put("repository_owner_id", ownerId);
        claims.put("repository_visibility", "private");
        claims.put("run_attempt", "1");
        claims.put("run_id", "5");
        claims.put("run_number", "1");
        claims.put("runner_environment", "github-hosted");
        claims.put("sha", sha);
        claims.put("workflow", "Release");
        claims.put("workflow_ref", workflowRef);
        claims.put("workflow_sha", sha);
        return claims;
    }

    /** RS256 with this issuer's key and {@code kid}: what the issuer itself would sign. */
    String sign(Map<String, Object> claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid()).build(), claims, signer());
    }

    RSASSASigner signer() {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Any header, any signer: nimbus refuses only a signer that cannot do the header's {@code alg}. */
    static String sign(JWSHeader header, Map<String, Object> claims, JWSSigner signer) {
        try {
            JWSObject jws = new JWSObject(header, new Payload(claims));
            jws.sign(signer);
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * RS256 over hand-written JSON texts, with this issuer's key: a correctly signed token whose
     * header or payload nimbus would not build (duplicate members, a numeric {@code kid}, ...).
     */
    String signRaw(String headerJson, String payloadJson) {
        String input = segment(headerJson) + "." + segment(payloadJson);
        try {
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(key.toRSAPrivateKey());
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(rsa.sign());
        } catch (JOSEException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A compact serialization assembled by hand from raw JSON texts, for what nimbus would not build. */
    static String compact(String headerJson, String payloadJson, String signature) {
        return segment(headerJson) + "." + segment(payloadJson) + "." + signature;
    }

    /** base64url without padding of the UTF-8 text, as a JWS segment. */
    static String segment(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
