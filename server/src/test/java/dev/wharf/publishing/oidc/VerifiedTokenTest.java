package dev.wharf.publishing.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifiedTokenTest {
    private static VerifiedToken token(Map<String, Object> claims) {
        return new VerifiedToken(Issuer.builtIn(IssuerKind.GITLAB), claims);
    }

    @Test
    void stringOnlyForJsonStrings() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("project_path", "my-group/my-project");
        claims.put("runner_id", 1L);
        claims.put("email_verified", true);
        claims.put("ci_config_ref_uri", null);
        claims.put("ref", "");
        VerifiedToken token = token(claims);
        assertThat(token.string("project_path")).hasValue("my-group/my-project");
        assertThat(token.string("ref")).hasValue("");
        assertThat(token.string("runner_id")).isEmpty();
        assertThat(token.string("email_verified")).isEmpty();
        assertThat(token.string("ci_config_ref_uri")).isEmpty();
        assertThat(token.string("absent")).isEmpty();
        assertThat(token.claims()).containsEntry("ci_config_ref_uri", null);
    }

    @Test
    void claimsAreDeeplyUnmodifiableCopies() {
        List<Object> groups = new ArrayList<>(List.of("a"));
        Map<String, Object> claims = new HashMap<>(Map.of("groups_direct", groups, "exp", 1_700_000_000L));
        VerifiedToken token = token(claims);
        claims.put("sub", "late");
        groups.add("b");
        assertThat(token.claims()).doesNotContainKey("sub");
        assertThat(token.claims().get("groups_direct")).isEqualTo(List.of("a"));
        assertThat(catchThrowable(() -> token.claims().put("x", 1))).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> inner = (List<Object>) token.claims().get("groups_direct");
        assertThat(catchThrowable(() -> inner.add("c"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void expiresAtAndJti() {
        VerifiedToken token = token(Map.of("exp", 1_700_000_000L, "jti", "abc"));
        assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(token.jti()).hasValue("abc");
        assertThat(token(Map.of("exp", 1L, "jti", 5L)).jti()).isEmpty();
    }
}
