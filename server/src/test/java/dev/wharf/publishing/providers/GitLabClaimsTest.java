package dev.wharf.publishing.providers;

import static dev.wharf.publishing.TestClaims.ABSENT;
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

class GitLabClaimsTest {
    private static final GitLabIdentity ANY_ENV = GitLabIdentity.validated("group/sub", "proj", ".gitlab-ci.yml", "");
    private static final GitLabIdentity PRODUCTION =
            GitLabIdentity.validated("group/sub", "proj", ".gitlab-ci.yml", "production");
    private static final GitLabIdentity MIXED_CASE =
            GitLabIdentity.validated("Group/Sub", "Proj", ".gitlab-ci.yml", "");
    private static final GitLabIdentity SELF_MANAGED =
            GitLabIdentity.validated("https://gitlab.example.com", "group/sub", "proj", ".gitlab-ci.yml", "");
    private static final String URI = "gitlab.com/group/sub/proj//.gitlab-ci.yml";
    private static final String EXPECTED = "['" + URI + "@deadbeef', '" + URI + "@refs/heads/main']";

    private static Arguments row(String name, GitLabIdentity publisher, List<Object> overrides, String reason) {
        return Arguments.of(name, publisher, overrides, reason);
    }

    /** pypi.org's rules ({@code oidc/models/gitlab.py}), case bug fixed; a null reason means a match. */
    static Stream<Arguments> cases() {
        return Stream.of(
                row("baseline, subgroups", ANY_ENV, List.of(), null),
                row(
                        "sub without a colon",
                        ANY_ENV,
                        List.of("sub", "project_path"),
                        "Check failed for required claim 'sub': the token's subject does not name this publisher's "
                                + "project (expected the form project_path:<namespace>/<project>:...)"),
                row(
                        "sub with an empty second part",
                        ANY_ENV,
                        List.of("sub", "project_path::ref_type:branch"),
                        "Check failed for required claim 'sub': the token's subject does not name this publisher's "
                                + "project (expected the form project_path:<namespace>/<project>:...)"),
                row(
                        "sub of another project",
                        ANY_ENV,
                        List.of("sub", "project_path:group/sub/other:ref_type:branch"),
                        "Check failed for required claim 'sub': the token's subject does not name this publisher's "
                                + "project (expected the form project_path:<namespace>/<project>:...)"),
                row(
                        "sub compared ignoring case, tail ignored",
                        ANY_ENV,
                        List.of("sub", "PROJECT_PATH:Group/Sub/Proj"),
                        null),
                row(
                        "project_path of another project",
                        ANY_ENV,
                        List.of("project_path", "group/sub/other"),
                        "Check failed for required claim 'project_path': the token comes from another project"),
                row(
                        "token in other case than registered: ci_config_ref_uri uses the token's case",
                        ANY_ENV,
                        List.of(
                                "project_path", "Group/Sub/Proj",
                                "ci_config_ref_uri", "gitlab.com/Group/Sub/Proj//.gitlab-ci.yml@refs/heads/main"),
                        null),
                row(
                        "pypi.org's case bug fixed: registered Group/Sub/Proj, token group/sub/proj",
                        MIXED_CASE,
                        List.of(),
                        null),
                row("pinned at the sha", ANY_ENV, List.of("ci_config_ref_uri", URI + "@deadbeef"), null),
                row(
                        "another configuration file",
                        ANY_ENV,
                        List.of("ci_config_ref_uri", "gitlab.com/group/sub/proj//other.yml@refs/heads/main"),
                        "The ci_config_ref_uri claim does not match, expecting one of " + EXPECTED
                                + ", got 'gitlab.com/group/sub/proj//other.yml@refs/heads/main'"),
                row(
                        "@fake.yml@ref suffix",
                        ANY_ENV,
                        List.of("ci_config_ref_uri", URI + "@fake.yml@refs/heads/main"),
                        "The ci_config_ref_uri claim does not match, expecting one of " + EXPECTED + ", got '" + URI
                                + "@fake.yml@refs/heads/main'"),
                row(
                        "missing @",
                        ANY_ENV,
                        List.of("ci_config_ref_uri", URI),
                        "The ci_config_ref_uri claim does not match, expecting one of " + EXPECTED + ", got '" + URI
                                + "'"),
                row(
                        "another project's configuration",
                        ANY_ENV,
                        List.of("ci_config_ref_uri", "gitlab.com/evil/proj//.gitlab-ci.yml@refs/heads/main"),
                        "The ci_config_ref_uri claim does not match, expecting one of " + EXPECTED
                                + ", got 'gitlab.com/evil/proj//.gitlab-ci.yml@refs/heads/main'"),
                row(
                        "ref_path empty: GitLab needs both",
                        ANY_ENV,
                        List.of("ref_path", ""),
                        "The ref_path and sha claims are empty"),
                row(
                        "sha empty: GitLab needs both",
                        ANY_ENV,
                        List.of("sha", ""),
                        "The ref_path and sha claims are empty"),
                row(
                        "ci_config_ref_uri empty",
                        ANY_ENV,
                        List.of("ci_config_ref_uri", ""),
                        "The ci_config_ref_uri claim is empty"),
                row(
                        "ci_config_ref_uri not a string",
                        ANY_ENV,
                        List.of("ci_config_ref_uri", 5),
                        "Check failed for required claim 'ci_config_ref_uri': the claim is not a JSON string"),
                row("missing ref_path", ANY_ENV, List.of("ref_path", ABSENT), "Missing claim 'ref_path'"),
                row("missing jti", ANY_ENV, List.of("jti", ABSENT), "Missing claim 'jti'"),
                row("environment exact", PRODUCTION, List.of("environment", "production"), null),
                row(
                        "environment case differs (GitLab is exact)",
                        PRODUCTION,
                        List.of("environment", "Production"),
                        "Check failed for optional claim 'environment': this publisher does not accept jobs in the "
                                + "environment 'Production' (GitLab environment names are compared exactly, including case)"),
                row(
                        "environment missing",
                        PRODUCTION,
                        List.of(),
                        "Check failed for optional claim 'environment': this publisher only accepts jobs that deploy to a "
                                + "specific GitLab environment, and this job has none; set 'environment:' on the publishing job"),
                row("env-less publisher accepts any environment", ANY_ENV, List.of("environment", "anything"), null),
                row(
                        "self-managed issuer in ci_config_ref_uri",
                        SELF_MANAGED,
                        List.of(
                                "ci_config_ref_uri",
                                "gitlab.example.com/group/sub/proj//.gitlab-ci.yml@refs/heads/main"),
                        null),
                row(
                        "gitlab.com configuration for a self-managed publisher",
                        SELF_MANAGED,
                        List.of(),
                        "The ci_config_ref_uri claim does not match, expecting one of "
                                + "['gitlab.example.com/group/sub/proj//.gitlab-ci.yml@deadbeef', "
                                + "'gitlab.example.com/group/sub/proj//.gitlab-ci.yml@refs/heads/main'], got '"
                                + URI + "@refs/heads/main'"),
                row("namespace ids are deliberately unchecked", ANY_ENV, List.of("namespace_id", "999"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesAsTheReferenceDescribes(String name, GitLabIdentity publisher, List<Object> overrides, String reason) {
        MatchOutcome outcome =
                GitLabClaims.INSTANCE.match(publisher, TestClaims.with(TestClaims.gitlab(), overrides.toArray()));
        assertThat(outcome).isEqualTo(reason == null ? MatchOutcome.matched() : new MatchOutcome.Mismatch(reason));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "NONE",
            value = {
                "gitlab.com/foo/bar//a/b.yml@/some/ref, a/b.yml",
                "gitlab.com/foo/bar//foo.yml@bar.yml@/ref, foo.yml@bar.yml",
                "gitlab.com/foo/bar//.gitlab-ci.yaml@refs/heads/main, .gitlab-ci.yaml",
                "gitlab.com/foo/bar/a.yml@refs/heads/main, NONE",
                "gitlab.com/foo/bar//a.yml, NONE"
            })
    void workflowFilepathComesFromCiConfigRefUri(String uri, String expected) {
        assertThat(GitLabClaims.workflowFilepath(uri)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void lookupKeySplitsProjectPathAtTheLastSlash() {
        LookupKey key =
                GitLabClaims.INSTANCE.lookupKey(TestClaims.with(TestClaims.gitlab(), "project_path", "Group/Sub/Proj"));
        assertThat(key).isEqualTo(new LookupKey.GitLabKey("Group/Sub", "Proj", ".gitlab-ci.yml"));
        assertThat(key.value()).isEqualTo(LookupKey.of(ANY_ENV).value());
    }

    @Test
    void lookupWithoutWorkflowPath() {
        assertThatThrownBy(() ->
                        GitLabClaims.INSTANCE.lookupKey(TestClaims.with(TestClaims.gitlab(), "ci_config_ref_uri", "x")))
                .isInstanceOf(PublisherMismatchException.class)
                .extracting(e -> ((PublisherMismatchException) e).reason())
                .isEqualTo("Could not extract workflow filename from OIDC claims");
    }

    @Test
    void projectPathWithoutNamespaceIsAMismatchNotACrash() {
        assertThatThrownBy(() ->
                        GitLabClaims.INSTANCE.lookupKey(TestClaims.with(TestClaims.gitlab(), "project_path", "proj")))
                .isInstanceOf(PublisherMismatchException.class)
                .extracting(e -> ((PublisherMismatchException) e).reason())
                .isEqualTo(
                        "Check failed for required claim 'project_path': the claim is not of the form namespace/project");
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "NONE",
            value = {
                "'', NONE, 1",
                "'', some_environment, 1",
                "some_environment, some_environment, 2",
                "some_environment, sOmE_eNvIrOnMeNt, -1",
                "some_environment, NONE, -1"
            })
    void specificityIsExactForGitLab(String publisherEnv, String claimEnv, int expected) {
        GitLabIdentity publisher = GitLabIdentity.validated("group/sub", "proj", ".gitlab-ci.yml", publisherEnv);
        Claims claims = TestClaims.with(TestClaims.gitlab(), "environment", claimEnv == null ? ABSENT : claimEnv);
        assertThat(GitLabClaims.INSTANCE.specificity(publisher, claims)).isEqualTo(expected);
    }
}
