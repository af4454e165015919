package dev.wharf.publishing;

import static dev.wharf.publishing.PublisherRepositoryTest.T0;
import static dev.wharf.publishing.PublisherRepositoryTest.project;
import static dev.wharf.publishing.PublisherRepositoryTest.user;
import static dev.wharf.publishing.TestClaims.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wharf.projects.Project;
import dev.wharf.publishing.providers.ActiveStateIdentity;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.publishing.providers.GitLabIdentity;
import dev.wharf.publishing.providers.GoogleIdentity;
import dev.wharf.publishing.providers.PublisherIdentity;
import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.storage.db.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PublisherMatcherTest {
    private static final String GITHUB = GitHubIdentity.DEFAULT_ISSUER;

    @TempDir
    Path scratch;

    private final List<TestDatabase> open = new ArrayList<>();
    private final PublisherRepository publishers = new PublisherRepository();
    private final PublisherMatcher matcher = new PublisherMatcher(publishers);
    private Database db;
    private Project project;

    @AfterEach
    void closeDatabases() {
        open.forEach(TestDatabase::close);
    }

    private void setUp(Dialect dialect, PublisherIdentity... identities) {
        TestDatabase test = TestDatabases.create(dialect, scratch);
        open.add(test);
        db = test.database();
        long alice = user(db, "alice");
        project = project(db, "widgets", alice);
        db.writeVoid(h -> {
            for (PublisherIdentity identity : identities) {
                publishers.addToProject(h, identity, project, Optional.of(alice), T0);
            }
        });
    }

    private PublisherIdentity find(Claims claims, PublisherKind kind, String issuer) {
        return db.read(h -> matcher.findPublisher(h, claims, kind, issuer))
                .publisher()
                .identity();
    }

    private String refusal(Claims claims, PublisherKind kind, String issuer) {
        return catchThrowableOfType(
                        PublisherMismatchException.class,
                        () -> db.read(h -> matcher.findPublisher(h, claims, kind, issuer)))
                .reason();
    }

    private static GitHubIdentity github(String ownerId, String env) {
        return GitHubIdentity.validated("octo-org", ownerId, "widgets", "release.yml", env);
    }

    private static Claims githubClaims(Object... overrides) {
        return TestClaims.with(TestClaims.github(), overrides);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void specificEnvironmentBeatsEnvLessAndOthersFallBack(Dialect dialect) {
        setUp(dialect, github("1234", ""), github("1234", "PyPI"));
        assertThat(find(githubClaims("environment", "pypi"), PublisherKind.GITHUB, GITHUB))
                .isEqualTo(github("1234", "pypi"));
        assertThat(find(githubClaims("environment", "PYPI"), PublisherKind.GITHUB, GITHUB))
                .isEqualTo(github("1234", "pypi"));
        assertThat(find(githubClaims("environment", "some_other_environment"), PublisherKind.GITHUB, GITHUB))
                .isEqualTo(github("1234", ""));
        assertThat(find(githubClaims(), PublisherKind.GITHUB, GITHUB)).isEqualTo(github("1234", ""));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void onlyASpecificEnvironmentRegisteredExplainsTheEnvironment(Dialect dialect) {
        setUp(dialect, github("1234", "pypi"));
        assertThat(refusal(githubClaims("environment", "staging"), PublisherKind.GITHUB, GITHUB))
                .isEqualTo(
                        "Check failed for optional claim 'environment': this publisher does not accept jobs in the environment 'staging'");
        assertThat(refusal(githubClaims(), PublisherKind.GITHUB, GITHUB))
                .startsWith("Check failed for optional claim 'environment': this publisher only accepts jobs");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void nothingSharingTheLookupKeyRevealsNothing(Dialect dialect) {
        setUp(dialect, github("1234", ""));
        assertThat(refusal(
                        githubClaims(
                                "job_workflow_ref", "octo-org/widgets/.github/workflows/other.yml@refs/heads/main"),
                        PublisherKind.GITHUB,
                        GITHUB))
                .isEqualTo("Publisher with matching claims was not found");
        assertThat(refusal(
                        githubClaims("repository", "someone/else", "repository_owner", "someone"),
                        PublisherKind.GITHUB,
                        GITHUB))
                .isEqualTo("Publisher with matching claims was not found");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void resurrectedOwnerNameIsRefusedWithTheReason(Dialect dialect) {
        setUp(dialect, github("1234", ""));
        assertThat(refusal(githubClaims("repository_owner_id", "9999"), PublisherKind.GITHUB, GITHUB))
                .startsWith("Check failed for required claim 'repository_owner_id'");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theRowOfTheCurrentAccountWinsOverAStaleOne(Dialect dialect) {
        setUp(dialect, github("1234", ""), github("9999", ""));
        assertThat(find(githubClaims("repository_owner_id", "9999"), PublisherKind.GITHUB, GITHUB))
                .isEqualTo(github("9999", ""));
        assertThat(find(githubClaims(), PublisherKind.GITHUB, GITHUB)).isEqualTo(github("1234", ""));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void checksRunOnTheSelectedPublisher(Dialect dialect) {
        setUp(dialect, github("1234", ""));
        assertThat(refusal(githubClaims("event_name", "pull_request_target"), PublisherKind.GITHUB, GITHUB))
                .isEqualTo("Publishing from a workflow invoked via 'pull_request_target' is not supported.");
        assertThat(refusal(githubClaims("jti", ABSENT), PublisherKind.GITHUB, GITHUB))
                .isEqualTo("Missing claim 'jti'");
        assertThat(refusal(githubClaims("job_workflow_ref", "x"), PublisherKind.GITHUB, GITHUB))
                .isEqualTo("Could not job extract workflow filename from OIDC claims");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void issuerIsPartOfTheLookup(Dialect dialect) {
        GitHubIdentity ghes = GitHubIdentity.validated(
                "octo-org", "1234", "widgets", "release.yml", "", "https://ghe.example.com/_services/token");
        setUp(dialect, ghes);
        assertThat(refusal(githubClaims(), PublisherKind.GITHUB, GITHUB))
                .isEqualTo("Publisher with matching claims was not found");
        assertThat(find(githubClaims(), PublisherKind.GITHUB, "https://ghe.example.com/_services/token"))
                .isEqualTo(ghes);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void kindsWithoutCustomIssuersRefuseOtherIssuers(Dialect dialect) {
        setUp(dialect, GoogleIdentity.validated("ci@proj.iam.gserviceaccount.com", ""));
        assertThat(refusal(Claims.of(TestClaims.google()), PublisherKind.GOOGLE, "https://evil.example.com"))
                .isEqualTo(
                        "JWT issuer 'https://evil.example.com' does not match expected issuer 'https://accounts.google.com'");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void googleSpecificSubBeatsAnySub(Dialect dialect) {
        GoogleIdentity any = GoogleIdentity.validated("ci@proj.iam.gserviceaccount.com", "");
        GoogleIdentity pinned = GoogleIdentity.validated("ci@proj.iam.gserviceaccount.com", "111");
        setUp(dialect, any, pinned);
        String issuer = PublisherKind.GOOGLE.canonicalIssuer();
        assertThat(find(Claims.of(TestClaims.google()), PublisherKind.GOOGLE, issuer))
                .isEqualTo(pinned);
        assertThat(find(TestClaims.with(TestClaims.google(), "sub", "222"), PublisherKind.GOOGLE, issuer))
                .isEqualTo(any);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void gitLabMixedCaseRegistrationIsFoundAndMatches(Dialect dialect) {
        GitLabIdentity mixed = GitLabIdentity.validated("Group/Sub", "Proj", ".gitlab-ci.yml", "");
        setUp(dialect, mixed);
        assertThat(find(Claims.of(TestClaims.gitlab()), PublisherKind.GITLAB, "https://gitlab.com"))
                .isEqualTo(mixed);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void gitLabEnvironmentCaseFallsBackToEnvLess(Dialect dialect) {
        GitLabIdentity envLess = GitLabIdentity.validated("group/sub", "proj", ".gitlab-ci.yml", "");
        GitLabIdentity specific = GitLabIdentity.validated("group/sub", "proj", ".gitlab-ci.yml", "some_environment");
        setUp(dialect, envLess, specific);
        Map<String, Object> base = TestClaims.gitlab();
        assertThat(find(
                        TestClaims.with(base, "environment", "some_environment"),
                        PublisherKind.GITLAB,
                        "https://gitlab.com"))
                .isEqualTo(specific);
        assertThat(find(
                        TestClaims.with(base, "environment", "sOmE_eNvIrOnMeNt"),
                        PublisherKind.GITLAB,
                        "https://gitlab.com"))
                .isEqualTo(envLess);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void activeStateMatches(Dialect dialect) {
        ActiveStateIdentity identity = ActiveStateIdentity.validated("acme", "widgets", "alice", "u-1");
        setUp(dialect, identity);
        String issuer = PublisherKind.ACTIVESTATE.canonicalIssuer();
        assertThat(find(Claims.of(TestClaims.activeState()), PublisherKind.ACTIVESTATE, issuer))
                .isEqualTo(identity);
        assertThat(refusal(
                        TestClaims.with(TestClaims.activeState(), "builder", "x"), PublisherKind.ACTIVESTATE, issuer))
                .startsWith("Check failed for required claim 'builder'");
    }
}
