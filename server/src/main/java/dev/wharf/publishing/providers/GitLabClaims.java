package dev.wharf.publishing.providers;

import static dev.wharf.publishing.providers.ClaimTable.failedOptional;
import static dev.wharf.publishing.providers.ClaimTable.failedRequired;
import static dev.wharf.publishing.providers.ClaimTable.notString;
import static dev.wharf.publishing.providers.ClaimTable.optional;
import static dev.wharf.publishing.providers.ClaimTable.required;
import static dev.wharf.publishing.providers.ClaimTable.requiredUnverified;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.LookupKey;
import dev.wharf.publishing.MatchOutcome;
import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.PublisherMismatchException;
import dev.wharf.publishing.Repr;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
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
public final class GitLabClaims implements ClaimCheck {
    static final GitLabClaims INSTANCE = new GitLabClaims();

    /** pypi.org's regex: after {@code //}, the longest path ending {@code .yml}/{@code .yaml} followed by {@code @}. */
    private static final Pattern WORKFLOW_FILEPATH = Pattern.compile("(?<=//)(.*[^/]\\.(yml|yaml))(?=@)");
    static final String NO_WORKFLOW = "Could not extract workflow filename from OIDC claims";

    private static final ClaimTable<GitLabIdentity> TABLE = new ClaimTable<>(List.of(
            required("sub", GitLabClaims::checkSub),
            required("project_path", GitLabClaims::checkProjectPath),
            required("ci_config_ref_uri", GitLabClaims::checkCiConfigRefUri),
            requiredUnverified("jti"),
            requiredUnverified("ref_path"),
            requiredUnverified("sha"),
            optional("environment", GitLabClaims::checkEnvironment)),
            // Deliberately not checked, as pypi.org.
            Set.of("project_id", "namespace_id", "namespace_path", "user_id", "user_login", "user_email",
                    "user_identities", "pipeline_id", "pipeline_source", "job_id", "ref", "ref_type", "ref_protected",
                    "environment_protected", "deployment_tier", "environment_action", "runner_id",
                    "runner_environment", "ci_config_sha", "project_visibility", "user_access_level", "groups_direct",
                    "job_namespace_id", "job_namespace_path", "job_project_id", "job_project_path", "job_source"));

    private GitLabClaims() {
    }

    @Override
    public PublisherKind kind() {
        return PublisherKind.GITLAB;
    }

    @Override
    public MatchOutcome match(PublisherIdentity publisher, Claims claims) {
        return TABLE.match(cast(publisher), claims);
    }

    @Override
    public Optional<String> missingClaim(Claims claims) {
        return TABLE.missing(claims);
    }

    @Override
    public LookupKey lookupKey(Claims claims) {
        String path = claims.string("project_path")
                .orElseThrow(() -> new PublisherMismatchException(notString("project_path", false).orElseThrow()));
        int slash = path.lastIndexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            throw new PublisherMismatchException(failedRequired("project_path",
                    "the claim is not of the form namespace/project").orElseThrow());
        }
        String workflow = claims.string("ci_config_ref_uri").flatMap(GitLabClaims::workflowFilepath)
                .orElseThrow(() -> new PublisherMismatchException(NO_WORKFLOW));
        return new LookupKey.GitLabKey(path.substring(0, slash), path.substring(slash + 1), workflow);
    }

    static Optional<String> workflowFilepath(String ciConfigRefUri) {
        Matcher m = WORKFLOW_FILEPATH.matcher(ciConfigRefUri);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** GitLab compares environments exactly: {@code Production} is not {@code production} (pypi.org). */
    @Override
    public int specificity(PublisherIdentity publisher, Claims claims) {
        String wanted = claims.stringOrEmpty("environment");
        String env = cast(publisher).environment();
        if (!wanted.isEmpty() && env.equals(wanted)) {
            return 2;
        }
        return env.isEmpty() ? 1 : NOT_SELECTABLE;
    }

    /** {@code project_path:<namespace>/<project>[:...]}: only the first two parts count, ignoring case. */
    private static Optional<String> checkSub(GitLabIdentity p, Claims claims) {
        Optional<String> claim = claims.string("sub");
        if (claim.isEmpty()) {
            return notString("sub", false);
        }
        String[] parts = claim.get().split(":", -1);
        if (claim.get().isEmpty() || parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()
                || !(parts[0] + ":" + parts[1]).equalsIgnoreCase("project_path:" + p.projectPath())) {
            return failedRequired("sub", "the token's subject does not name this publisher's project "
                    + "(expected the form project_path:<namespace>/<project>:...)");
        }
        return Optional.empty();
    }

    private static Optional<String> checkProjectPath(GitLabIdentity p, Claims claims) {
        Optional<String> claim = claims.string("project_path");
        if (claim.isEmpty()) {
            return notString("project_path", false);
        }
        if (claim.get().isEmpty() || !claim.get().equalsIgnoreCase(p.projectPath())) {
            return failedRequired("project_path", "the token comes from another project");
        }
        return Optional.empty();
    }

    /**
     * The configuration file that runs must be the registered one, of this project, at exactly the
     * token's {@code ref_path} or {@code sha}; unlike GitHub, GitLab tokens must carry both.
     */
    private static Optional<String> checkCiConfigRefUri(GitLabIdentity p, Claims claims) {
        Optional<String> claim = claims.string("ci_config_ref_uri");
        if (claim.isEmpty()) {
            return notString("ci_config_ref_uri", false);
        }
        if (claim.get().isEmpty()) {
            return Optional.of("The ci_config_ref_uri claim is empty");
        }
        String refPath = claims.stringOrEmpty("ref_path");
        String sha = claims.stringOrEmpty("sha");
        if (refPath.isEmpty() || sha.isEmpty()) {
            return Optional.of("The ref_path and sha claims are empty");
        }
        // The fix of pypi.org's case bug: the token's case, once project_path has matched ours ignoring case.
        String path = claims.string("project_path").filter(c -> c.equalsIgnoreCase(p.projectPath()))
                .orElse(p.projectPath());
        String host = p.issuerUrl().startsWith("https://") ? p.issuerUrl().substring("https://".length()) : p.issuerUrl();
        String truth = host + "/" + path + "//" + p.workflowFilepath();
        Set<String> expected = new LinkedHashSet<>(List.of(truth + "@" + refPath, truth + "@" + sha));
        if (!expected.contains(claim.get())) {
            return Optional.of("The ci_config_ref_uri claim does not match, expecting one of "
                    + Repr.sortedList(expected) + ", got " + Repr.of(claim.get()));
        }
        return Optional.empty();
    }

    private static Optional<String> checkEnvironment(GitLabIdentity p, Claims claims) {
        if (p.environment().isEmpty()) {
            return Optional.empty();
        }
        if (claims.present("environment") && claims.string("environment").isEmpty()) {
            return notString("environment", true);
        }
        String claim = claims.stringOrEmpty("environment");
        if (claim.isEmpty()) {
            return failedOptional("environment", "this publisher only accepts jobs that deploy to a specific "
                    + "GitLab environment, and this job has none; set 'environment:' on the publishing job");
        }
        if (!claim.equals(p.environment())) {
            return failedOptional("environment", "this publisher does not accept jobs in the environment "
                    + Repr.of(claim) + " (GitLab environment names are compared exactly, including case)");
        }
        return Optional.empty();
    }

    private static GitLabIdentity cast(PublisherIdentity publisher) {
        if (publisher instanceof GitLabIdentity gitlab) {
            return gitlab;
        }
        throw new IllegalArgumentException("not a GitLab publisher: " + publisher.kind());
    }
}
