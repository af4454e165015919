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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
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
public final class GitHubClaims implements ClaimCheck {
    static final GitHubClaims INSTANCE = new GitHubClaims();

    /** pypi.org's regex: the leftmost {@code <file>.yml} or {@code .yaml} directly followed by {@code @}. */
    private static final Pattern WORKFLOW_FILENAME = Pattern.compile("([^/]+\\.(yml|yaml))(?=@)");
    public static final String NO_WORKFLOW = "Could not job extract workflow filename from OIDC claims"; // sic, pypi.org's text
    public static final String PULL_REQUEST_TARGET =
            "Publishing from a workflow invoked via 'pull_request_target' is not supported.";

    /**
     * The table, in pypi.org's order. {@code jti} must be present; whether it was used before is
     * the replay store's business ({@code dev.wharf.publishing.oidc}), not this table's.
     */
    private static final ClaimTable<GitHubIdentity> TABLE = new ClaimTable<>(List.of(
            required("repository", GitHubClaims::checkRepository),
            required("repository_owner", GitHubClaims::checkRepositoryOwner),
            required("repository_owner_id", GitHubClaims::checkRepositoryOwnerId),
            required("job_workflow_ref", GitHubClaims::checkJobWorkflowRef),
            requiredUnverified("jti"),
            required("event_name", GitHubClaims::checkEventName),
            requiredUnverified("ref"),
            requiredUnverified("sha"),
            optional("environment", GitHubClaims::checkEnvironment)),
            // Deliberately not checked (as pypi.org): sub and workflow_ref name the caller, and
            // job_workflow_ref is the stronger statement of the workflow that runs.
            Set.of("sub", "actor", "actor_id", "run_id", "run_number", "run_attempt", "head_ref", "base_ref",
                    "ref_type", "repository_id", "workflow", "repository_visibility", "workflow_sha",
                    "job_workflow_sha", "workflow_ref", "runner_environment", "environment_node_id", "enterprise",
                    "enterprise_id", "ref_protected", "check_run_id", "repo_property_*"));

    private GitHubClaims() {
    }

    @Override
    public PublisherKind kind() {
        return PublisherKind.GITHUB;
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
        String repository = claims.string("repository")
                .orElseThrow(() -> new PublisherMismatchException(notString("repository", false).orElseThrow()));
        int slash = repository.indexOf('/');
        if (slash <= 0 || slash == repository.length() - 1) {
            throw new PublisherMismatchException(failedRequired("repository",
                    "the claim is not of the form owner/repository").orElseThrow());
        }
        String workflow = claims.string("job_workflow_ref").flatMap(GitHubClaims::workflowFilename)
                .orElseThrow(() -> new PublisherMismatchException(NO_WORKFLOW));
        return new LookupKey.GitHubKey(repository.substring(0, slash), repository.substring(slash + 1), workflow);
    }

    /** The workflow file name in {@code job_workflow_ref}, pypi.org's way (leftmost match). */
    static Optional<String> workflowFilename(String jobWorkflowRef) {
        Matcher m = WORKFLOW_FILENAME.matcher(jobWorkflowRef);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The claim's environment lower-cased, as pypi.org compares it; "" when absent, empty or not a string. */
    private static String environmentClaim(Claims claims) {
        return claims.stringOrEmpty("environment").toLowerCase(Locale.ROOT);
    }

    @Override
    public int specificity(PublisherIdentity publisher, Claims claims) {
        String wanted = environmentClaim(claims);
        String env = cast(publisher).environment();
        if (!wanted.isEmpty() && env.equals(wanted)) {
            return 2;
        }
        return env.isEmpty() ? 1 : NOT_SELECTABLE;
    }

    private static Optional<String> checkRepository(GitHubIdentity p, Claims claims) {
        Optional<String> claim = claims.string("repository");
        if (claim.isEmpty()) {
            return notString("repository", false);
        }
        if (claim.get().isEmpty() || !claim.get().equalsIgnoreCase(p.repositoryPath())) {
            return failedRequired("repository", "the token comes from another repository");
        }
        return Optional.empty();
    }

    /** pypi.org compares exactly against GitHub's canonical case; here case is ignored (see class comment). */
    private static Optional<String> checkRepositoryOwner(GitHubIdentity p, Claims claims) {
        Optional<String> claim = claims.string("repository_owner");
        if (claim.isEmpty()) {
            return notString("repository_owner", false);
        }
        if (!claim.get().equalsIgnoreCase(p.owner())) {
            return failedRequired("repository_owner", "the token comes from a repository of another owner");
        }
        return Optional.empty();
    }

    /** Account resurrection: the owner's name is the registered one, but the account (its id) is not. */
    private static Optional<String> checkRepositoryOwnerId(GitHubIdentity p, Claims claims) {
        Optional<String> claim = claims.string("repository_owner_id");
        if (claim.isEmpty()) {
            return notString("repository_owner_id", false);
        }
        if (!claim.get().equals(p.ownerId())) {
            return failedRequired("repository_owner_id", "the GitHub account named "
                    + Repr.of(claims.stringOrEmpty("repository_owner")) + " is not the account this publisher was "
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
    private static Optional<String> checkJobWorkflowRef(GitHubIdentity p, Claims claims) {
        Optional<String> claim = claims.string("job_workflow_ref");
        if (claim.isEmpty()) {
            return notString("job_workflow_ref", false);
        }
        if (claim.get().isEmpty()) {
            return Optional.of("The job_workflow_ref claim is empty");
        }
        String ref = claims.stringOrEmpty("ref");
        String sha = claims.stringOrEmpty("sha");
        if (ref.isEmpty() && sha.isEmpty()) {
            return Optional.of("The ref and sha claims are empty");
        }
        // The case the token carries, once checkRepository has shown it equals ours ignoring case.
        String repository = claims.string("repository").filter(r -> r.equalsIgnoreCase(p.repositoryPath()))
                .orElse(p.repositoryPath());
        String truth = repository + "/.github/workflows/" + p.workflowFilename();
        Set<String> expected = new LinkedHashSet<>();
        for (String suffix : List.of(ref, sha)) {
            if (!suffix.isEmpty()) {
                expected.add(truth + "@" + suffix);
            }
        }
        if (!expected.contains(claim.get())) {
            return Optional.of("The job_workflow_ref claim does not match, expecting one of "
                    + Repr.sortedList(expected) + ", got " + Repr.of(claim.get()));
        }
        return Optional.empty();
    }

    /** Any event passes except {@code pull_request_target}, which runs with the base repository's rights. */
    private static Optional<String> checkEventName(GitHubIdentity p, Claims claims) {
        Optional<String> claim = claims.string("event_name");
        if (claim.isEmpty()) {
            return notString("event_name", false);
        }
        return claim.get().equals("pull_request_target") ? Optional.of(PULL_REQUEST_TARGET) : Optional.empty();
    }

    /** Any environment when none is registered; else the same name, ignoring case (stored lower-cased). */
    private static Optional<String> checkEnvironment(GitHubIdentity p, Claims claims) {
        if (p.environment().isEmpty()) {
            return Optional.empty();
        }
        if (claims.present("environment") && claims.string("environment").isEmpty()) {
            return notString("environment", true);
        }
        String claim = environmentClaim(claims);
        if (claim.isEmpty()) {
            return failedOptional("environment", "this publisher only accepts jobs that run in a specific "
                    + "GitHub environment, and this job has none; set 'environment:' on the publishing job");
        }
        if (!claim.equals(p.environment().toLowerCase(Locale.ROOT))) {
            return failedOptional("environment", "this publisher does not accept jobs in the environment "
                    + Repr.of(claims.stringOrEmpty("environment")));
        }
        return Optional.empty();
    }

    private static GitHubIdentity cast(PublisherIdentity publisher) {
        if (publisher instanceof GitHubIdentity github) {
            return github;
        }
        throw new IllegalArgumentException("not a GitHub publisher: " + publisher.kind());
    }

    static ClaimTable<GitHubIdentity> table() {
        return TABLE;
    }
}
