package dev.wharf.publishing;

import static dev.wharf.publishing.PublisherRepositoryTest.T0;
import static dev.wharf.publishing.PublisherRepositoryTest.project;
import static dev.wharf.publishing.PublisherRepositoryTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.projects.EventRepository;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.projects.Role;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.publishing.providers.PublisherIdentity;
import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.storage.db.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pending publishers end to end, and the squatting scenarios that pypi.org's order of lookups allows. */
class PendingPublisherPolicyTest {
    private static final String ISSUER = GitHubIdentity.DEFAULT_ISSUER;
    private static final String HELP = "https://wharf.example.org/help/";
    private static final Instant NOW = T0.plus(Duration.ofDays(1));
    /** The victim's identity: alice's repository and workflow. */
    private static final GitHubIdentity VICTIM =
            GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "");

    @TempDir
    Path scratch;

    private final List<TestDatabase> open = new ArrayList<>();
    private final PublisherRepository publishers = new PublisherRepository();
    private final ProjectRepository projects = new ProjectRepository();
    private final PendingPublisherPolicy policy = new PendingPublisherPolicy(
            publishers, new PublisherMatcher(publishers), projects, new EventRepository(), HELP);
    private Database db;
    private long alice;
    private long mallory;

    @AfterEach
    void closeDatabases() {
        open.forEach(TestDatabase::close);
    }

    private void setUp(Dialect dialect) {
        TestDatabase test = TestDatabases.create(dialect, scratch);
        open.add(test);
        db = test.database();
        alice = user(db, "alice");
        mallory = user(db, "mallory");
    }

    private PendingPublisher pending(PublisherIdentity identity, String name, long by) {
        return db.write(h -> publishers.addPending(h, identity, name, by, T0));
    }

    private PendingPublisherPolicy.Resolution resolve(Claims claims) {
        return db.write(h -> policy.resolve(h, claims, PublisherKind.GITHUB, ISSUER, NOW));
    }

    private Optional<Project> projectNamed(String normalized) {
        return db.read(h -> projects.findProject(h, normalized));
    }

    private long pendingCount() {
        return db.read(h -> h.createQuery("SELECT count(*) FROM pending_publishers")
                .mapTo(Long.class)
                .one());
    }

    private long eventCount(String kind) {
        return db.read(h -> h.createQuery("SELECT count(*) FROM events WHERE kind = :k")
                .bind("k", kind)
                .mapTo(Long.class)
                .one());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aMoreSpecificPendingRowOfAnotherUserDoesNotOutrankTheOwnersRow(Dialect dialect) {
        setUp(dialect);
        pending(VICTIM, "widgets", alice);
        // Mallory copies alice's identity and adds the environment alice's workflow runs in.
        pending(GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "pypi"), "widgets", mallory);

        assertThatThrownBy(() -> resolve(TestClaims.with(TestClaims.github(), "environment", "pypi")))
                .isInstanceOf(PublisherMismatchException.class)
                .hasMessageContaining("registered by different users");
        assertThat(projectNamed("widgets")).isEmpty();
        assertThat(pendingCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void firstExchangeCreatesTheProjectOwnedByTheRegistrant(Dialect dialect) {
        setUp(dialect);
        PendingPublisher registered = pending(VICTIM, "Widgets", alice);
        PendingPublisherPolicy.Resolution resolution = resolve(Claims.of(TestClaims.github()));

        Project created = projectNamed("widgets").orElseThrow();
        assertThat(created.name()).isEqualTo("Widgets");
        assertThat(resolution.reification()).hasValueSatisfying(r -> {
            assertThat(r.project().id()).isEqualTo(created.id());
            assertThat(r.from()).isEqualTo(registered);
        });
        assertThat(resolution.publisher().identity()).isEqualTo(VICTIM);
        assertThat(resolution.projectIds()).containsExactly(created.id());
        assertThat((Optional<Role>) db.read(h -> projects.roleOf(h, created.id(), alice)))
                .contains(Role.OWNER);
        assertThat(pendingCount()).isZero();
        assertThat(eventCount("project:oidc:publisher-added")).isEqualTo(1);
        // The second exchange finds the normal publisher and creates nothing.
        assertThat(resolve(Claims.of(TestClaims.github())).reification()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void squattersPendingRowNeverReifiesWhenTheVictimsPublisherMatches(Dialect dialect) {
        setUp(dialect);
        Project widgets = project(db, "widgets", alice);
        db.writeVoid(h -> publishers.addToProject(h, VICTIM, widgets, Optional.of(alice), T0));
        pending(VICTIM, "widgets-evil", mallory);

        PendingPublisherPolicy.Resolution resolution = resolve(Claims.of(TestClaims.github()));
        assertThat(resolution.reification()).isEmpty();
        assertThat(resolution.projectIds()).containsExactly(widgets.id());
        assertThat(projectNamed("widgets-evil")).isEmpty();
        assertThat(pendingCount())
                .as("someone else's row is not deleted by this request")
                .isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void squattersPendingRowCannotRedirectAPublishThatMissedTheVictimsPublisher(Dialect dialect) {
        setUp(dialect);
        Project widgets = project(db, "widgets", alice);
        GitHubIdentity victimPypiEnv = GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "pypi");
        db.writeVoid(h -> publishers.addToProject(h, victimPypiEnv, widgets, Optional.of(alice), T0));
        pending(VICTIM, "widgets-evil", mallory); // env-less: would accept the "test" environment

        assertThatThrownBy(() -> resolve(TestClaims.with(TestClaims.github(), "environment", "test")))
                .isInstanceOf(PublisherMismatchException.class)
                .extracting(e -> ((PublisherMismatchException) e).reason())
                .isEqualTo(
                        "Check failed for optional claim 'environment': this publisher does not accept jobs in the environment 'test'");
        assertThat(projectNamed("widgets-evil")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void ownersOwnPendingPublisherStillWorksBesideTheirPublisher(Dialect dialect) {
        setUp(dialect);
        Project widgets = project(db, "widgets", alice);
        GitHubIdentity pypiEnv = GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "pypi");
        db.writeVoid(h -> publishers.addToProject(h, pypiEnv, widgets, Optional.of(alice), T0));
        GitHubIdentity docsEnv = GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "docs");
        pending(docsEnv, "widgets-docs", alice);

        PendingPublisherPolicy.Resolution resolution =
                resolve(TestClaims.with(TestClaims.github(), "environment", "docs"));
        assertThat(resolution.reification()).isPresent();
        assertThat(projectNamed("widgets-docs")).isPresent();
        assertThat(resolution.publisher().identity()).isEqualTo(docsEnv);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void twoPendingRowsForOneIdentityAreAmbiguousAndNeitherIsUsed(Dialect dialect) {
        setUp(dialect);
        pending(VICTIM, "evil-name", mallory);
        pending(VICTIM, "widgets", alice);
        assertThatThrownBy(() -> resolve(Claims.of(TestClaims.github())))
                .isInstanceOf(PublisherMismatchException.class)
                .hasMessageContaining("More than one pending publisher matches this token");
        assertThat(projectNamed("evil-name")).isEmpty();
        assertThat(projectNamed("widgets")).isEmpty();
        assertThat(pendingCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void pendingRowWhoseNameExistsNowIsNotUsedNorDeleted(Dialect dialect) {
        setUp(dialect);
        pending(VICTIM, "widgets", mallory);
        project(db, "widgets", alice);
        assertThatThrownBy(() -> resolve(Claims.of(TestClaims.github())))
                .isInstanceOf(PublisherMismatchException.class)
                .hasMessage(
                        "valid token, but no corresponding publisher (Publisher with matching claims was not found)");
        assertThat(pendingCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void expiredPendingRowIsNotUsed(Dialect dialect) {
        setUp(dialect);
        pending(VICTIM, "widgets", alice);
        assertThatThrownBy(() -> db.write(h -> policy.resolve(
                        h, Claims.of(TestClaims.github()), PublisherKind.GITHUB, ISSUER, T0.plus(Duration.ofDays(31)))))
                .isInstanceOf(PublisherMismatchException.class);
        assertThat(projectNamed("widgets")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void failedMintLeavesNothingBehind(Dialect dialect) {
        setUp(dialect);
        pending(VICTIM, "widgets", alice);
        assertThatThrownBy(() -> db.writeVoid(h -> {
                    policy.resolve(h, Claims.of(TestClaims.github()), PublisherKind.GITHUB, ISSUER, NOW);
                    throw new IllegalStateException("jti already used"); // what the mint would do after a replay
                }))
                .hasMessage("jti already used");
        assertThat(projectNamed("widgets")).isEmpty();
        assertThat(pendingCount()).isEqualTo(1);
        assertThat((long) db.read(h -> h.createQuery("SELECT count(*) FROM trusted_publishers")
                        .mapTo(Long.class)
                        .one()))
                .isZero();
        assertThat(eventCount("project:create")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tooSimilarNameIsRefusedAtCreationWithPypiOrgsMessage(Dialect dialect) {
        setUp(dialect);
        pending(VICTIM, "widgets", alice);
        project(db, "w1dgets", mallory);
        assertThatThrownBy(() -> resolve(Claims.of(TestClaims.github())))
                .isInstanceOf(ProjectCreationRefusedException.class)
                .hasMessage("The name 'widgets' is too similar to an existing project. See " + HELP
                        + "#project-name for more information.");
        assertThat(pendingCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void standardLibraryNameIsRefusedAtCreation(Dialect dialect) {
        setUp(dialect);
        PendingPublisher smuggled =
                new PendingPublisher(99, VICTIM, "asyncio", "asyncio", alice, T0, T0.plus(Duration.ofDays(30)));
        assertThatThrownBy(() -> db.write(h -> policy.reify(h, smuggled, NOW)))
                .isInstanceOf(ProjectCreationRefusedException.class)
                .hasMessage("The name 'asyncio' isn't allowed (conflict with Python Standard Library module name). See "
                        + HELP + "#project-name for more information.");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void pendingRowWaitsWhileTheSameIdentityIsAPublisherAndWorksAfterItsRemoval(Dialect dialect) {
        setUp(dialect);
        Project widgets = project(db, "widgets", alice);
        GitHubIdentity pypiEnv = GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "pypi");
        db.writeVoid(h -> publishers.addToProject(h, pypiEnv, widgets, Optional.of(alice), T0));
        pending(pypiEnv, "widgets-two", alice);
        // The normal publisher matches first: the pending row waits.
        assertThat(resolve(TestClaims.with(TestClaims.github(), "environment", "pypi"))
                        .reification())
                .isEmpty();
        // Once the publisher is removed from its only project, the pending row creates its project.
        db.writeVoid(h -> publishers.removeFromProject(
                h, publishers.forProject(h, widgets.id()).getFirst().id(), widgets.id()));
        PendingPublisherPolicy.Resolution resolution =
                resolve(TestClaims.with(TestClaims.github(), "environment", "pypi"));
        assertThat(resolution.reification()).isPresent();
        assertThat(resolution.projectIds())
                .containsExactly(projectNamed("widgets-two").orElseThrow().id());
    }
}
