package dev.wharf.publishing.providers;

import static dev.wharf.publishing.TestClaims.ABSENT;
import static dev.wharf.publishing.TestClaims.JSON_NULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.LookupKey;
import dev.wharf.publishing.MatchOutcome;
import dev.wharf.publishing.PublisherMismatchException;
import dev.wharf.publishing.TestClaims;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GitHubClaimsTest {
    private static final GitHubIdentity ANY_ENV =
            GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "");
    private static final GitHubIdentity PYPI_ENV =
            GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "PyPI");
    private static final String JWR = "octo-org/widgets/.github/workflows/release.yml";
    private static final String EXPECTED_LIST = "['" + JWR + "@abc123', '" + JWR + "@refs/heads/main']";

    private static Arguments row(String name, GitHubIdentity publisher, List<Object> overrides, String reason) {
        return Arguments.of(name, publisher, overrides, reason);
    }

    /** pypi.org's rules ({@code oidc/models/github.py}) and edge cases; a null reason means a match. */
    static Stream<Arguments> cases() {
        return Stream.of(
                row("baseline", ANY_ENV, List.of(), null),
                row(
                        "owner id differs: account resurrection",
                        ANY_ENV,
                        List.of("repository_owner_id", "9999"),
                        "Check failed for required claim 'repository_owner_id': the GitHub account named 'octo-org' "
                                + "is not the account this publisher was registered for (was the account deleted or "
                                + "renamed and its name taken?); register the publisher again with the current "
                                + "account's ID"),
                row(
                        "owner id as a JSON number",
                        ANY_ENV,
                        List.of("repository_owner_id", 1234),
                        "Check failed for required claim 'repository_owner_id': the claim is not a JSON string"),
                row(
                        "repository and owner in other case (Wharf ignores case)",
                        ANY_ENV,
                        List.of(
                                "repository",
                                "Octo-Org/Widgets",
                                "repository_owner",
                                "Octo-Org",
                                "job_workflow_ref",
                                "Octo-Org/Widgets/.github/workflows/release.yml@refs/heads/main"),
                        null),
                row(
                        "job_workflow_ref must use the token's own repository case",
                        ANY_ENV,
                        List.of("repository", "Octo-Org/Widgets"),
                        "The job_workflow_ref claim does not match, expecting one of "
                                + "['Octo-Org/Widgets/.github/workflows/release.yml@abc123', "
                                + "'Octo-Org/Widgets/.github/workflows/release.yml@refs/heads/main'], got '"
                                + JWR + "@refs/heads/main'"),
                row(
                        "another repository",
                        ANY_ENV,
                        List.of("repository", "octo-org/gadgets"),
                        "Check failed for required claim 'repository': the token comes from another repository"),
                row(
                        "another owner",
                        ANY_ENV,
                        List.of("repository_owner", "evil-org"),
                        "Check failed for required claim 'repository_owner': the token comes from a repository of another owner"),
                row(
                        "nested.yml@evil.yml is not release.yml",
                        ANY_ENV,
                        List.of(
                                "job_workflow_ref",
                                "octo-org/widgets/.github/workflows/nested.yml@evil.yml@refs/heads/main"),
                        "The job_workflow_ref claim does not match, expecting one of " + EXPECTED_LIST
                                + ", got 'octo-org/widgets/.github/workflows/nested.yml@evil.yml@refs/heads/main'"),
                row(
                        "@fake.yml@ref suffix",
                        ANY_ENV,
                        List.of("job_workflow_ref", JWR + "@fake.yml@refs/heads/main"),
                        "The job_workflow_ref claim does not match, expecting one of " + EXPECTED_LIST + ", got '" + JWR
                                + "@fake.yml@refs/heads/main'"),
                row(
                        "missing @",
                        ANY_ENV,
                        List.of("job_workflow_ref", JWR),
                        "The job_workflow_ref claim does not match, expecting one of " + EXPECTED_LIST + ", got '" + JWR
                                + "'"),
                row(
                        "empty suffix after @",
                        ANY_ENV,
                        List.of("job_workflow_ref", JWR + "@"),
                        "The job_workflow_ref claim does not match, expecting one of " + EXPECTED_LIST + ", got '" + JWR
                                + "@'"),
                row(
                        "@@ref",
                        ANY_ENV,
                        List.of("job_workflow_ref", JWR + "@@refs/heads/main"),
                        "The job_workflow_ref claim does not match, expecting one of " + EXPECTED_LIST + ", got '" + JWR
                                + "@@refs/heads/main'"),
                row("pinned at the sha", ANY_ENV, List.of("job_workflow_ref", JWR + "@abc123"), null),
                row(
                        "deployment: ref empty, sha given",
                        ANY_ENV,
                        List.of("ref", "", "job_workflow_ref", JWR + "@abc123"),
                        null),
                row(
                        "tag ref",
                        ANY_ENV,
                        List.of("ref", "refs/tags/v1", "job_workflow_ref", JWR + "@refs/tags/v1"),
                        null),
                row(
                        "ref of another branch than the token's",
                        ANY_ENV,
                        List.of("job_workflow_ref", JWR + "@refs/heads/evil"),
                        "The job_workflow_ref claim does not match, expecting one of " + EXPECTED_LIST + ", got '" + JWR
                                + "@refs/heads/evil'"),
                row(
                        "ref and sha both empty",
                        ANY_ENV,
                        List.of("ref", "", "sha", ""),
                        "The ref and sha claims are empty"),
                row(
                        "job_workflow_ref empty",
                        ANY_ENV,
                        List.of("job_workflow_ref", ""),
                        "The job_workflow_ref claim is empty"),
                row(
                        "job_workflow_ref not a string",
                        ANY_ENV,
                        List.of("job_workflow_ref", List.of(JWR)),
                        "Check failed for required claim 'job_workflow_ref': the claim is not a JSON string"),
                row(
                        "reusable workflow from another repository",
                        ANY_ENV,
                        List.of("job_workflow_ref", "other-org/shared/.github/workflows/release.yml@refs/heads/main"),
                        "The job_workflow_ref claim does not match, expecting one of " + EXPECTED_LIST
                                + ", got 'other-org/shared/.github/workflows/release.yml@refs/heads/main'"),
                row(
                        "reusable workflow of the same repository: job_workflow_ref counts, workflow_ref does not",
                        ANY_ENV,
                        List.of("workflow_ref", "octo-org/widgets/.github/workflows/caller.yml@refs/heads/main"),
                        null),
                row(
                        "workflow file name is case-sensitive",
                        GitHubIdentity.validated("octo-org", "1234", "widgets", "Release.yml", ""),
                        List.of(),
                        "The job_workflow_ref claim does not match, expecting one of "
                                + "['octo-org/widgets/.github/workflows/Release.yml@abc123', "
                                + "'octo-org/widgets/.github/workflows/Release.yml@refs/heads/main'], got '"
                                + JWR + "@refs/heads/main'"),
                row(
                        "pull_request_target refused",
                        ANY_ENV,
                        List.of("event_name", "pull_request_target"),
                        "Publishing from a workflow invoked via 'pull_request_target' is not supported."),
                row("pull_request allowed", ANY_ENV, List.of("event_name", "pull_request"), null),
                row(
                        "event_name not a string",
                        ANY_ENV,
                        List.of("event_name", true),
                        "Check failed for required claim 'event_name': the claim is not a JSON string"),
                row("env-less publisher accepts any environment", ANY_ENV, List.of("environment", "production"), null),
                row("environment compared ignoring case", PYPI_ENV, List.of("environment", "pYpI"), null),
                row(
                        "specific environment, job has none",
                        PYPI_ENV,
                        List.of(),
                        "Check failed for optional claim 'environment': this publisher only accepts jobs that run in a "
                                + "specific GitHub environment, and this job has none; set 'environment:' on the publishing job"),
                row(
                        "specific environment, job has an empty one",
                        PYPI_ENV,
                        List.of("environment", ""),
                        "Check failed for optional claim 'environment': this publisher only accepts jobs that run in a "
                                + "specific GitHub environment, and this job has none; set 'environment:' on the publishing job"),
                row(
                        "specific environment, job has another",
                        PYPI_ENV,
                        List.of("environment", "staging"),
                        "Check failed for optional claim 'environment': this publisher does not accept jobs in the environment 'staging'"),
                row(
                        "environment not a string",
                        PYPI_ENV,
                        List.of("environment", 42),
                        "Check failed for optional claim 'environment': the claim is not a JSON string"),
                row("missing jti", ANY_ENV, List.of("jti", ABSENT), "Missing claim 'jti'"),
                row("missing ref", ANY_ENV, List.of("ref", ABSENT), "Missing claim 'ref'"),
                row("null sha counts as missing", ANY_ENV, List.of("sha", JSON_NULL), "Missing claim 'sha'"),
                row(
                        "missing repository_owner_id",
                        ANY_ENV,
                        List.of("repository_owner_id", ABSENT),
                        "Missing claim 'repository_owner_id'"),
                row(
                        "empty repository is present but fails",
                        ANY_ENV,
                        List.of("repository", ""),
                        "Check failed for required claim 'repository': the token comes from another repository"),
                row("sub is deliberately unchecked", ANY_ENV, List.of("sub", "repo:evil/evil:ref:x"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesAsTheReferenceDescribes(String name, GitHubIdentity publisher, List<Object> overrides, String reason) {
        MatchOutcome outcome =
                GitHubClaims.INSTANCE.match(publisher, TestClaims.with(TestClaims.github(), overrides.toArray()));
        if (reason == null) {
            assertThat(outcome).isEqualTo(MatchOutcome.matched());
        } else {
            assertThat(outcome).isEqualTo(new MatchOutcome.Mismatch(reason));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "NONE",
            value = {
                "foo/bar/.github/workflows/nested.yml@evil.yml@refs/heads/main, nested.yml@evil.yml",
                "foo/bar/.github/workflows/basic.yml@refs/heads/misleading@branch.yml, basic.yml",
                "foo/bar/.github/workflows/release.yaml@refs/tags/v1, release.yaml",
                "foo/bar/.github/workflows/.yml@refs/heads/main, NONE",
                "foo/bar/.github/workflows/nosuffix@refs/heads/main, NONE",
                "foo/bar/.github/workflows/main.yml, NONE"
            })
    void workflowFilenameComesFromJobWorkflowRef(String jobWorkflowRef, String expected) {
        assertThat(GitHubClaims.workflowFilename(jobWorkflowRef)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void lookupKeyTakesOwnerRepositoryAndTheCalledWorkflow() {
        LookupKey key = GitHubClaims.INSTANCE.lookupKey(TestClaims.with(
                TestClaims.github(), "workflow_ref", "octo-org/widgets/.github/workflows/caller.yml@refs/heads/main"));
        assertThat(key).isEqualTo(new LookupKey.GitHubKey("octo-org", "widgets", "release.yml"));
        assertThat(key.value()).isEqualTo(LookupKey.of(ANY_ENV).value());
    }

    @Test
    void lookupKeyFoldsOwnerAndRepositoryCase() {
        LookupKey key =
                GitHubClaims.INSTANCE.lookupKey(TestClaims.with(TestClaims.github(), "repository", "OCTO-org/Widgets"));
        assertThat(key.value()).isEqualTo(LookupKey.of(ANY_ENV).value());
    }

    @ParameterizedTest
    @CsvSource({
        "widgets, Check failed for required claim 'repository': the claim is not of the form owner/repository",
        "octo-org/, Check failed for required claim 'repository': the claim is not of the form owner/repository",
        "/widgets, Check failed for required claim 'repository': the claim is not of the form owner/repository"
    })
    void repositoryWithoutOwnerIsAMismatchNotACrash(String repository, String reason) {
        assertThatThrownBy(() ->
                        GitHubClaims.INSTANCE.lookupKey(TestClaims.with(TestClaims.github(), "repository", repository)))
                .isInstanceOf(PublisherMismatchException.class)
                .extracting(e -> ((PublisherMismatchException) e).reason())
                .isEqualTo(reason);
    }

    @Test
    void lookupWithoutWorkflowFileNameUsesPypiOrgsTextSic() {
        assertThatThrownBy(() ->
                        GitHubClaims.INSTANCE.lookupKey(TestClaims.with(TestClaims.github(), "job_workflow_ref", 7)))
                .isInstanceOf(PublisherMismatchException.class)
                .hasMessage(
                        "valid token, but no corresponding publisher (Could not job extract workflow filename from OIDC claims)");
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "NONE",
            value = {"'', NONE, 1", "'', production, 1", "pypi, PyPI, 2", "pypi, NONE, -1", "pypi, staging, -1"})
    void specificityPrefersTheExactEnvironment(String publisherEnv, String claimEnv, int expected) {
        GitHubIdentity publisher = GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", publisherEnv);
        Claims claims = TestClaims.with(TestClaims.github(), "environment", claimEnv == null ? ABSENT : claimEnv);
        assertThat(GitHubClaims.INSTANCE.specificity(publisher, claims)).isEqualTo(expected);
    }

    @Test
    void refusesAPublisherOfAnotherKind() {
        assertThatThrownBy(() ->
                        GitHubClaims.INSTANCE.match(new GoogleIdentity("a@b.c", ""), Claims.of(TestClaims.github())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tableListsWhatIsDeliberatelyUnchecked() {
        assertThat(GitHubClaims.table().unchecked()).contains("sub", "workflow_ref", "actor");
        assertThat(GitHubClaims.table().rules())
                .extracting(ClaimTable.Rule::claim)
                .containsExactly(
                        "repository",
                        "repository_owner",
                        "repository_owner_id",
                        "job_workflow_ref",
                        "jti",
                        "event_name",
                        "ref",
                        "sha",
                        "environment");
    }
}
