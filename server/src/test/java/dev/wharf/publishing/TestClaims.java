package dev.wharf.publishing;

import java.util.HashMap;
import java.util.Map;

/**
 * Token claims for tests, as a JSON decoder hands them over. {@link #ABSENT} removes a claim,
 * {@link #JSON_NULL} sets it to JSON null.
 */
public final class TestClaims {
    public static final Object ABSENT = new Object();
    public static final Object JSON_NULL = new Object();

    private TestClaims() {}

    public static Map<String, Object> github() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://token.actions.githubusercontent.com");
        claims.put("sub", "repo:octo-org/widgets:ref:refs/heads/main");
        claims.put("repository", "octo-org/widgets");
        claims.put("repository_owner", "octo-org");
        claims.put("repository_owner_id", "1234");
        claims.put("job_workflow_ref", "octo-org/widgets/.github/workflows/release.yml@refs/heads/main");
        claims.put("workflow_ref", "octo-org/widgets/.github/workflows/release.yml@refs/heads/main");
        claims.put("jti", "jti-1");
        claims.put("event_name", "push");
        claims.put("ref", "refs/heads/main");
        claims.put("sha", "abc123");
        return claims;
    }

    public static Map<String, Object> gitlab() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://gitlab.com");
        claims.put("sub", "project_path:group/sub/proj:ref_type:branch:ref:main");
        claims.put("project_path", "group/sub/proj");
        claims.put("ci_config_ref_uri", "gitlab.com/group/sub/proj//.gitlab-ci.yml@refs/heads/main");
        claims.put("jti", "jti-2");
        claims.put("ref_path", "refs/heads/main");
        claims.put("sha", "deadbeef");
        claims.put("namespace_id", "77");
        return claims;
    }

    public static Map<String, Object> google() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://accounts.google.com");
        claims.put("email", "ci@proj.iam.gserviceaccount.com");
        claims.put("email_verified", true);
        claims.put("sub", "111");
        claims.put("azp", "ignored");
        return claims;
    }

    public static Map<String, Object> activeState() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://platform.activestate.com/api/v1/oauth/oidc");
        claims.put("sub", "org:acme:project:widgets:branch:main");
        claims.put("organization", "acme");
        claims.put("project", "widgets");
        claims.put("actor_id", "u-1");
        claims.put("actor", "alice");
        claims.put("builder", "pypi-publisher");
        return claims;
    }

    /** {@code base} with pairs of (claim, value) applied. */
    public static Claims with(Map<String, Object> base, Object... overrides) {
        Map<String, Object> claims = new HashMap<>(base);
        for (int i = 0; i < overrides.length; i += 2) {
            String name = (String) overrides[i];
            Object value = overrides[i + 1];
            if (value == ABSENT) {
                claims.remove(name);
            } else if (value == JSON_NULL) {
                claims.put(name, null);
            } else {
                claims.put(name, value);
            }
        }
        return Claims.of(claims);
    }
}
