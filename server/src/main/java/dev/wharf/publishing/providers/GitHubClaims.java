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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * GitHub Actions claims (warehouse {@code oidc/models/github.py}; GitHub documents the claims in
 * "About security hardening with OpenID Connect", docs.github.com).
 *
 * <p>Differences from pypi.org, each deliberate:
 * <ul>
 *   <li>Owner and repository match case-insensitively everywhere: in the lookup, in
 *   {@code repository_owner} and in the {@code job_workflow_ref} comparison, which uses the case
 *   the token carries. pypi.org stores GitHub's canonical owner case from the GitHub API and makes
 *   the user type the repository's exact case; Wharf cannot ask the API, GitHub itself ignores
 *   case in both names, and the owner <em>id</em> pins the account, so case adds no security and
 *   only causes refusals.</li>
 *   <li>The owner id is checked on the candidates instead of in the lookup, so a resurrected
 *   account name gets a reason naming {@code repository_owner_id} instead of "not found".</li>
 *   <li>Every claim must be a JSON string; pypi.org answers some non-strings with a 500.</li>
 * </ul>
 */
public final class GitHubClaims extends TableClaimCheck<GitHubIdentity> {
    /** pypi.org's regex: the leftmost {@code <file>.yml} or {@code .yaml} directly followed by {@code @}. */
    private static final Pattern WORKFLOW_FILENAME = Pattern.compile("([^/]+\\.(yml|yaml))(?=@)");

    public static final String NO_WORKFLOW =
            "Could not job extract workflow filename from OIDC claims"; // sic, pypi.org's text
    public static final String PULL_REQUEST_TARGET =
            "Publishing from a workflow invoked via 'pull_request_target' is not supported.";

    /**
     * The table, in pypi.org's order. {@code jti} must be present; whether it was used before is
     * the replay store's business ({@code dev.wharf.publishing.oidc}), not this table's.
     */
    private static final ClaimTable<GitHubIdentity> TABLE = new ClaimTable<>(
            List.of(
                    requiredString(
                            "repository",
                            (p, repository) -> !repository.isEmpty() && repository.equalsIgnoreCase(p.repositoryPath()),
                            "the token comes from another repository"),
                    // pypi.org compares exactly against GitHub's canonical case; here case is ignored (see class
                    // comment).
                    requiredString(
                            "repository_owner",
                            (p, owner) -> owner.equalsIgnoreCase(p.owner()),
                            "the token comes from a repository of another owner"),
                    requiredString("repository_owner_id", GitHubClaims::checkRepositoryOwnerId),
                    requiredString("job_workflow_ref", GitHubClaims::checkJobWorkflowRef),
                    requiredUnverified("jti"),
                    requiredString("event_name", GitHubClaims::checkEventName),
                    requiredUnverified("ref"),
                    requiredUnverified("sha"),
                    optionalPinned("environment", GitHubIdentity::environment, GitHubClaims::checkEnvironment)),
            // Deliberately not checked (as pypi.org): sub and workflow_ref name the caller, and
            // job_workflow_ref is the stronger statement of the workflow that runs.
            Set.of(
                    "sub",
                    "actor",
                    "actor_id",
                    "run_id",
                    "run_number",
                    "run_attempt",
                    "head_ref",
                    "base_ref",
                    "ref_type",
                    "repository_id",
                    "workflow",
                    "repository_visibility",
                    "workflow_sha",
                    "job_workflow_sha",
                    "workflow_ref",
                    "runner_environment",
                    "environment_node_id",
                    "enterprise",
                    "enterprise_id",
                    "ref_protected",
                    "check_run_id",
                    "repo_property_*"));

    static final GitHubClaims INSTANCE = new GitHubClaims();

    private GitHubClaims() {
        super(
                PublisherKind.GITHUB,
                GitHubIdentity.class,
                TABLE,
                claims -> pathAndWorkflow(
                        claims,
                        "repository",
                        "owner/repository",
                        path -> path.indexOf('/'),
                        "job_workflow_ref",
                        GitHubClaims::workflowFilename,
                        NO_WORKFLOW,
                        LookupKey.GitHubKey::new));
    }

    /** The claim's environment lower-cased, as pypi.org compares it ("" when absent, empty or not a string). */
    @Override
    public int specificity(PublisherIdentity publisher, Claims claims) {
        return pinSpecificity(
                cast(publisher).environment(),
                claims.stringOrEmpty("environment").toLowerCase(Locale.ROOT));
    }

    /** Account resurrection: the owner's name is the registered one, but the account (its id) is not. */
    private static Optional<String> checkRepositoryOwnerId(GitHubIdentity p, String ownerId, Claims claims) {
        if (!ownerId.equals(p.ownerId())) {
            return failedRequired(
                    "repository_owner_id",
                    "the GitHub account named "
                            + Repr.of(claims.stringOrEmpty("repository_owner"))
                            + " is not the account this publisher was "
                            + "registered for (was the account deleted or renamed and its name taken?); register the "
                            + "publisher again with the current account's ID");
        }
        return Optional.empty();
    }

    /**
     * The workflow that runs must be the registered file of the token's repository, at exactly
     * the token's {@code ref} or {@code sha}, exactly, as on pypi.org: {@code @fake.yml@ref}, a
     * missing {@code @} and reusable workflows of other repositories all fail.
     */
    private static Optional<String> checkJobWorkflowRef(GitHubIdentity p, String claim, Claims claims) {
        // The case the token carries, once checkRepository has shown it equals ours ignoring case.
        String repository = claims.string("repository")
                .filter(r -> r.equalsIgnoreCase(p.repositoryPath()))
                .orElse(p.repositoryPath());
        return workflowAtRef(
                "job_workflow_ref",
                claim,
                repository + "/.github/workflows/" + p.workflowFilename(),
                List.of(claims.stringOrEmpty("ref"), claims.stringOrEmpty("sha")),
                false,
                "The ref and sha claims are empty");
    }

    /** Any event passes except {@code pull_request_target}, which runs with the base repository's rights. */
    private static Optional<String> checkEventName(GitHubIdentity p, String event, Claims claims) {
        return event.equals("pull_request_target") ? Optional.of(PULL_REQUEST_TARGET) : Optional.empty();
    }

    /** Any environment when none is registered; else the same name, ignoring case (stored lower-cased). */
    private static Optional<String> checkEnvironment(GitHubIdentity p, String environment, Claims claims) {
        return samePinned(
                "environment",
                environment.toLowerCase(Locale.ROOT),
                p.environment().toLowerCase(Locale.ROOT),
                "this publisher only accepts jobs that run in a specific GitHub environment, and this job has none; "
                        + "set 'environment:' on the publishing job",
                "this publisher does not accept jobs in the environment " + Repr.of(environment));
    }

    /** The workflow file name in {@code job_workflow_ref}, pypi.org's way (leftmost match). */
    static Optional<String> workflowFilename(String jobWorkflowRef) {
        return firstGroup(WORKFLOW_FILENAME, jobWorkflowRef);
    }

    static ClaimTable<GitHubIdentity> table() {
        return TABLE;
    }
}
