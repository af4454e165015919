package dev.wharf.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.distributions.ProjectName;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.projects.Role;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PublisherRepositoryTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final GitHubIdentity WIDGETS = GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "");

    @TempDir
    Path scratch;

    private final List<TestDatabase> open = new ArrayList<>();
    private final PublisherRepository publishers = new PublisherRepository();

    @AfterEach
    void closeDatabases() {
        open.forEach(TestDatabase::close);
    }

    private Database database(Dialect dialect) {
        TestDatabase test = TestDatabases.create(dialect, scratch);
        open.add(test);
        return test.database();
    }

    static long user(Database db, String name) {
        return db.write(
                h -> h.createQuery("INSERT INTO users (username, email, created_at) VALUES (:n, :e, 1) RETURNING id")
                        .bind("n", name)
                        .bind("e", name + "@example.org")
                        .mapTo(Long.class)
                        .one());
    }

    static Project project(Database db, String name, long owner) {
        ProjectRepository projects = new ProjectRepository();
        ProjectName n = ProjectName.of(name);
        return db.write(h -> {
            Project p = projects.insertProject(h, n.display(), n.normalized(), n.ultranormalized(), T0);
            projects.addRole(h, p.id(), owner, Role.OWNER);
            return p;
        });
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyKindRoundTrips(Dialect dialect) {
        Database db = database(dialect);
        long alice = user(db, "alice");
        Project project = project(db, "widgets", alice);
        List<PublisherIdentity> identities = List.of(
                WIDGETS,
                GitHubIdentity.validated(
                        "octo-org",
                        "1234",
                        "widgets",
                        "release.yml",
                        "PyPI",
                        "https://ghe.example.com/_services/token"),
                GitLabIdentity.validated("https://gitlab.example.com", "Group/Sub", "proj", "ci/release.yml", "Prod"),
                GoogleIdentity.validated("ci@proj.iam.gserviceaccount.com", "111"),
                ActiveStateIdentity.validated("acme", "widgets", "alice", "u-1"));
        db.writeVoid(h -> identities.forEach(i -> publishers.addToProject(h, i, project, Optional.of(alice), T0)));
        List<StoredPublisher> stored = db.read(h -> publishers.forProject(h, project.id()));
        assertThat(stored).extracting(StoredPublisher::identity).containsExactlyElementsOf(identities);
        assertThat(stored).allSatisfy(p -> assertThat(p.createdAt()).isEqualTo(T0));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void identicalIdentityReusesTheRowAndRefusesASecondLink(Dialect dialect) {
        Database db = database(dialect);
        long alice = user(db, "alice");
        Project a = project(db, "widgets", alice);
        Project b = project(db, "gadgets", alice);
        StoredPublisher first = db.write(h -> publishers.addToProject(h, WIDGETS, a, Optional.of(alice), T0));
        // Same identity typed in another case: the same publisher (GitHub names ignore case).
        GitHubIdentity sameOtherCase = GitHubIdentity.validated("Octo-Org", "1234", "Widgets", "release.yml", "");
        StoredPublisher second = db.write(h -> publishers.addToProject(h, sameOtherCase, b, Optional.of(alice), T0));
        assertThat(second.id()).isEqualTo(first.id());
        assertThat((List<Long>) db.read(h -> publishers.projectIds(h, first.id())))
                .containsExactly(a.id(), b.id());
        assertThatThrownBy(() -> db.writeVoid(h -> publishers.addToProject(h, WIDGETS, a, Optional.of(alice), T0)))
                .isInstanceOf(PublisherRegistrationException.class)
                .hasMessage("octo-org/widgets, workflow release.yml is already registered with widgets");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aNewOwnerIdIsANewPublisherNotTheOldRow(Dialect dialect) {
        Database db = database(dialect);
        long alice = user(db, "alice");
        Project a = project(db, "widgets", alice);
        StoredPublisher old = db.write(h -> publishers.addToProject(h, WIDGETS, a, Optional.of(alice), T0));
        GitHubIdentity resurrected = GitHubIdentity.validated("octo-org", "9999", "widgets", "release.yml", "");
        StoredPublisher fresh = db.write(h -> publishers.addToProject(h, resurrected, a, Optional.of(alice), T0));
        assertThat(fresh.id()).isNotEqualTo(old.id());
        assertThat(((GitHubIdentity) fresh.identity()).ownerId()).isEqualTo("9999");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void removingTheLastLinkDeletesThePublisher(Dialect dialect) {
        Database db = database(dialect);
        long alice = user(db, "alice");
        Project a = project(db, "widgets", alice);
        Project b = project(db, "gadgets", alice);
        StoredPublisher p = db.write(h -> publishers.addToProject(h, WIDGETS, a, Optional.of(alice), T0));
        db.writeVoid(h -> publishers.addToProject(h, WIDGETS, b, Optional.empty(), T0));
        assertThat((boolean) db.write(h -> publishers.removeFromProject(h, p.id(), a.id())))
                .isTrue();
        assertThat((boolean) db.read(h -> publishers.linked(h, p.id(), a.id()))).isFalse();
        assertThat((boolean) db.read(h -> publishers.linked(h, p.id(), b.id()))).isTrue();
        assertThat((Optional<StoredPublisher>) db.read(h -> publishers.find(h, p.id())))
                .isPresent();
        assertThat((boolean) db.write(h -> publishers.removeFromProject(h, p.id(), a.id())))
                .isFalse();
        assertThat((boolean) db.write(h -> publishers.removeFromProject(h, p.id(), b.id())))
                .isTrue();
        assertThat((Optional<StoredPublisher>) db.read(h -> publishers.find(h, p.id())))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void candidatesShareKindIssuerAndLookupKeyOnly(Dialect dialect) {
        Database db = database(dialect);
        long alice = user(db, "alice");
        Project a = project(db, "widgets", alice);
        GitHubIdentity pypiEnv = GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "pypi");
        GitHubIdentity otherWorkflow = GitHubIdentity.validated("octo-org", "1234", "widgets", "other.yml", "");
        GitHubIdentity ghes = GitHubIdentity.validated(
                "octo-org", "1234", "widgets", "release.yml", "", "https://ghe.example.com/_services/token");
        db.writeVoid(h -> List.of(WIDGETS, pypiEnv, otherWorkflow, ghes)
                .forEach(i -> publishers.addToProject(h, i, a, Optional.empty(), T0)));
        LookupKey key = new LookupKey.GitHubKey("OCTO-ORG", "widgets", "release.yml");
        assertThat((List<StoredPublisher>) db.read(
                        h -> publishers.candidates(h, PublisherKind.GITHUB, GitHubIdentity.DEFAULT_ISSUER, key)))
                .extracting(StoredPublisher::identity)
                .containsExactly(WIDGETS, pypiEnv);
        assertThat((List<StoredPublisher>) db.read(h ->
                        publishers.candidates(h, PublisherKind.GITHUB, "https://ghe.example.com/_services/token", key)))
                .extracting(StoredPublisher::identity)
                .containsExactly(ghes);
        // '%' and '_' are not wildcards.
        LookupKey wildcard = new LookupKey.GitHubKey("octo-org", "widgets", "%.yml");
        assertThat((List<StoredPublisher>) db.read(
                        h -> publishers.candidates(h, PublisherKind.GITHUB, GitHubIdentity.DEFAULT_ISSUER, wildcard)))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void pendingPublishersAreLimitedToThreePerUser(Dialect dialect) {
        Database db = database(dialect);
        long alice = user(db, "alice");
        db.writeVoid(h -> {
            publishers.addPending(h, WIDGETS, "one", alice, T0);
            publishers.addPending(h, WIDGETS, "two", alice, T0);
            publishers.addPending(h, WIDGETS, "three", alice, T0);
        });
        assertThatThrownBy(() -> db.writeVoid(h -> publishers.addPending(h, WIDGETS, "four", alice, T0)))
                .isInstanceOf(PublisherRegistrationException.class)
                .hasMessage("You can't register more than 3 pending trusted publishers at once.");
        // Expired rows no longer count.
        Instant later = T0.plus(Duration.ofDays(30));
        PendingPublisher fresh = db.write(h -> publishers.addPending(h, WIDGETS, "four", alice, later));
        assertThat(fresh.expiresAt()).isEqualTo(later.plus(Duration.ofDays(30)));
        assertThat((List<PendingPublisher>) db.read(h -> publishers.pendingOf(h, alice, later)))
                .extracting(PendingPublisher::projectName)
                .containsExactly("four");
        assertThat((int) db.write(h -> publishers.purgeExpiredPending(h, later)))
                .isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void pendingNamesAreCheckedAsPypiOrgsForm(Dialect dialect) {
        Database db = database(dialect);
        long alice = user(db, "alice");
        project(db, "Existing-Project", alice);
        record Case(String name, String message) {}
        List<Case> cases = List.of(
                new Case("-bad-", "Invalid project name"),
                new Case(
                        "asyncio",
                        "This project name isn't allowed (conflict with the Python standard library module name)"),
                new Case("existing_project", "This project already exists."),
                new Case("ex1sting.pr0ject", "This project name is too similar to an existing project"));
        for (Case c : cases) {
            assertThatThrownBy(() -> db.writeVoid(h -> publishers.addPending(h, WIDGETS, c.name(), alice, T0)))
                    .as(c.name())
                    .isInstanceOf(PublisherRegistrationException.class)
                    .hasMessage(c.message());
        }
        assertThat((List<PendingPublisher>) db.read(h -> publishers.pendingOf(h, alice, T0)))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void pendingIdentityIsUniquePerUserAndNameNotSiteWide(Dialect dialect) {
        Database db = database(dialect);
        long alice = user(db, "alice");
        long mallory = user(db, "mallory");
        db.writeVoid(h -> publishers.addPending(h, WIDGETS, "widgets", mallory, T0));
        // pypi.org would refuse Alice here: the squatter's row holds the identity site-wide.
        PendingPublisher own = db.write(h -> publishers.addPending(h, WIDGETS, "Widgets", alice, T0));
        assertThat(own.normalizedName()).isEqualTo("widgets");
        assertThatThrownBy(() -> db.writeVoid(h -> publishers.addPending(h, WIDGETS, "WIDGETS", alice, T0)))
                .isInstanceOf(PublisherRegistrationException.class)
                .hasMessageStartingWith("This trusted publisher has already been registered.");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void onlyTheAdderRemovesAPendingPublisher(Dialect dialect) {
        Database db = database(dialect);
        long alice = user(db, "alice");
        long mallory = user(db, "mallory");
        PendingPublisher pending = db.write(h -> publishers.addPending(h, WIDGETS, "widgets", alice, T0));
        assertThatThrownBy(() -> db.writeVoid(h -> publishers.removePending(h, pending.id(), mallory)))
                .isInstanceOf(PublisherNotFoundException.class);
        assertThat((Optional<PendingPublisher>) db.read(h -> publishers.findPending(h, pending.id())))
                .isPresent();
        db.writeVoid(h -> publishers.removePending(h, pending.id(), alice));
        assertThat((Optional<PendingPublisher>) db.read(h -> publishers.findPending(h, pending.id())))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void pendingCandidatesAreUnexpiredOnly(Dialect dialect) {
        Database db = database(dialect);
        long alice = user(db, "alice");
        db.writeVoid(h -> publishers.addPending(h, WIDGETS, "widgets", alice, T0));
        LookupKey key = LookupKey.of(WIDGETS);
        assertThat((List<PendingPublisher>) db.read(h -> publishers.pendingCandidates(
                        h, PublisherKind.GITHUB, WIDGETS.issuerUrl(), key, T0.plus(Duration.ofDays(29)))))
                .hasSize(1);
        assertThat((List<PendingPublisher>) db.read(h -> publishers.pendingCandidates(
                        h, PublisherKind.GITHUB, WIDGETS.issuerUrl(), key, T0.plus(Duration.ofDays(30)))))
                .isEmpty();
    }
}
