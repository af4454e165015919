package dev.wharf.publishing.providers;

import static dev.wharf.publishing.providers.ClaimTable.failedRequired;
import static dev.wharf.publishing.providers.ClaimTable.optionalPinned;
import static dev.wharf.publishing.providers.ClaimTable.requiredString;
import static dev.wharf.publishing.providers.ClaimTable.requiredUnverified;
import static dev.wharf.publishing.providers.ClaimTable.samePinned;
import static dev.wharf.publishing.providers.ClaimTable.workflowAtRef;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.LookupKey;
import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.Repr;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * GitLab CI/CD claims (warehouse {@code oidc/models/gitlab.py}; GitLab documents the claims in
 * "OpenID Connect (OIDC) authentication using ID tokens", docs.gitlab.com).
 *
 * <p>Fixes pypi.org's case mismatch (pypi/warehouse#18797, #18883): there the lookup,
 * {@code sub} and {@code project_path} ignore case but {@code ci_config_ref_uri} is compared with
 * the namespace and project in the case they were <em>registered</em>, so a publisher registered
 * as {@code Foo/bar} is found for a token of {@code foo/bar} and then refused. Here the expected
 * {@code ci_config_ref_uri} is built from the token's own {@code project_path}, once that has been
 * shown equal to the publisher's ignoring case; the workflow path and the rest stay exact.
 * Namespace and project ids are not checked, as on pypi.org (pypi/warehouse#15643): GitLab
 * publishers have no account-resurrection protection.
 */
public final class GitLabClaims extends TableClaimCheck<GitLabIdentity> {
    /** pypi.org's regex: after {@code //}, the longest path ending {@code .yml}/{@code .yaml} followed by {@code @}. */
    private static final Pattern WORKFLOW_FILEPATH = Pattern.compile("(?<=//)(.*[^/]\\.(yml|yaml))(?=@)");

    static final String NO_WORKFLOW = "Could not extract workflow filename from OIDC claims";

    private static final ClaimTable<GitLabIdentity> TABLE = new ClaimTable<>(
            List.of(
                    requiredString("sub", GitLabClaims::checkSub),
                    requiredString(
                            "project_path",
                            (p, path) -> !path.isEmpty() && path.equalsIgnoreCase(p.projectPath()),
                            "the token comes from another project"),
                    requiredString("ci_config_ref_uri", GitLabClaims::checkCiConfigRefUri),
                    requiredUnverified("jti"),
                    requiredUnverified("ref_path"),
                    requiredUnverified("sha"),
                    optionalPinned("environment", GitLabIdentity::environment, GitLabClaims::checkEnvironment)),
            // Deliberately not checked, as pypi.org.
            Set.of(
                    "project_id",
                    "namespace_id",
                    "namespace_path",
                    "user_id",
                    "user_login",
                    "user_email",
                    "user_identities",
                    "pipeline_id",
                    "pipeline_source",
                    "job_id",
                    "ref",
                    "ref_type",
                    "ref_protected",
                    "environment_protected",
                    "deployment_tier",
                    "environment_action",
                    "runner_id",
                    "runner_environment",
                    "ci_config_sha",
                    "project_visibility",
                    "user_access_level",
                    "groups_direct",
                    "job_namespace_id",
                    "job_namespace_path",
                    "job_project_id",
                    "job_project_path",
                    "job_source"));

    static final GitLabClaims INSTANCE = new GitLabClaims();

    private GitLabClaims() {
        super(
                PublisherKind.GITLAB,
                GitLabIdentity.class,
                TABLE,
                claims -> pathAndWorkflow(
                        claims,
                        "project_path",
                        "namespace/project",
                        path -> path.lastIndexOf('/'),
                        "ci_config_ref_uri",
                        GitLabClaims::workflowFilepath,
                        NO_WORKFLOW,
                        LookupKey.GitLabKey::new));
    }

    /** GitLab compares environments exactly: {@code Production} is not {@code production} (pypi.org). */
    @Override
    public int specificity(PublisherIdentity publisher, Claims claims) {
        return pinSpecificity(cast(publisher).environment(), claims.stringOrEmpty("environment"));
    }

    /** {@code project_path:<namespace>/<project>[:...]}: only the first two parts count, ignoring case. */
    private static Optional<String> checkSub(GitLabIdentity p, String sub, Claims claims) {
        String[] parts = sub.split(":", -1);
        if (sub.isEmpty()
                || parts.length < 2
                || parts[0].isEmpty()
                || parts[1].isEmpty()
                || !(parts[0] + ":" + parts[1]).equalsIgnoreCase("project_path:" + p.projectPath())) {
            return failedRequired(
                    "sub",
                    "the token's subject does not name this publisher's project "
                            + "(expected the form project_path:<namespace>/<project>:...)");
        }
        return Optional.empty();
    }

    /**
     * The configuration file that runs must be the registered one, of this project, at exactly the
     * token's {@code ref_path} or {@code sha}; unlike GitHub, GitLab tokens must carry both.
     */
    private static Optional<String> checkCiConfigRefUri(GitLabIdentity p, String claim, Claims claims) {
        // The fix of pypi.org's case bug: the token's case, once project_path has matched ours ignoring case.
        String path = claims.string("project_path")
                .filter(c -> c.equalsIgnoreCase(p.projectPath()))
                .orElse(p.projectPath());
        String host =
                p.issuerUrl().startsWith("https://") ? p.issuerUrl().substring("https://".length()) : p.issuerUrl();
        return workflowAtRef(
                "ci_config_ref_uri",
                claim,
                host + "/" + path + "//" + p.workflowFilepath(),
                List.of(claims.stringOrEmpty("ref_path"), claims.stringOrEmpty("sha")),
                true,
                "The ref_path and sha claims are empty");
    }

    /** The configuration file's path in {@code ci_config_ref_uri}, pypi.org's way ({@link #WORKFLOW_FILEPATH}). */
    static Optional<String> workflowFilepath(String ciConfigRefUri) {
        return firstGroup(WORKFLOW_FILEPATH, ciConfigRefUri);
    }

    private static Optional<String> checkEnvironment(GitLabIdentity p, String environment, Claims claims) {
        return samePinned(
                "environment",
                environment,
                p.environment(),
                "this publisher only accepts jobs that deploy "
                        + "to a specific GitLab environment, and this job has none; set 'environment:' on the publishing job",
                "this publisher does not accept jobs in the environment " + Repr.of(environment)
                        + " (GitLab environment names are compared exactly, including case)");
    }
}
