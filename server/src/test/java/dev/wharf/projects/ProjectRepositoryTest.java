package dev.wharf.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.storage.db.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProjectRepositoryTest {
    private static final Instant NOW = Instant.parse("2026-05-06T07:08:09.123456Z");

    @TempDir
    Path scratch;

    private TestDatabase test;
    private final ProjectRepository repository = new ProjectRepository();
    private final TestCatalogue catalogue = new TestCatalogue();

    private Database open(Dialect dialect) {
        test = TestDatabases.create(dialect, scratch);
        return test.database();
    }

    @AfterEach
    void drop() {
        if (test != null) {
            test.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void projectsAreFoundByNormalizedName(Dialect dialect) {
        Database db = open(dialect);
        Project inserted = db.write(h -> catalogue.project(h, "Foo.Bar_Baz", NOW));
        assertThat(inserted.normalizedName()).isEqualTo("foo-bar-baz");
        Optional<Project> found = db.read(h -> repository.findProject(h, "foo-bar-baz"));
        assertThat(found).contains(inserted);
        assertThat(found.orElseThrow().status()).isEqualTo("active");
        assertThat(found.orElseThrow().createdAt()).isEqualTo(NOW);
        assertThat(db.read((Handle h) -> repository.findProject(h, "Foo.Bar_Baz")))
                .isEmpty();
        assertThat(db.read((Handle h) -> repository.ultranormalizedTaken(h, "f00barbaz")))
                .isTrue();
        assertThat(db.read((Handle h) -> repository.ultranormalizedTaken(h, "other")))
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void normalizedNamesAreUnique(Dialect dialect) {
        Database db = open(dialect);
        db.writeVoid(h -> catalogue.project(h, "foo", NOW));
        assertThatThrownBy(() -> db.writeVoid(h -> repository.insertProject(h, "Foo", "foo", "foo", NOW)))
                .isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void renameStatusAndTheProjectList(Dialect dialect) {
        Database db = open(dialect);
        db.writeVoid(h -> {
            Project b = catalogue.project(h, "beta", NOW);
            catalogue.project(h, "alpha", NOW);
            Project q = catalogue.project(h, "quarantined", NOW);
            repository.renameProject(h, b.id(), "Beta");
            repository.setStatus(h, q.id(), "quarantined", Optional.of("malware"));
        });
        List<ProjectSummary> list = db.read(repository::listProjects);
        assertThat(list).extracting(ProjectSummary::name).containsExactly("alpha", "Beta");
        assertThat(db.read((Handle h) -> repository.findProject(h, "quarantined"))
                        .orElseThrow()
                        .status())
                .isEqualTo("quarantined");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void rolesOwnersFirst(Dialect dialect) {
        Database db = open(dialect);
        long[] ids = db.write(h -> {
            Project p = catalogue.project(h, "foo", NOW);
            long zed = catalogue.user(h, "zed");
            long amy = catalogue.user(h, "amy");
            long bob = catalogue.user(h, "bob");
            repository.addRole(h, p.id(), amy, Role.MAINTAINER);
            repository.addRole(h, p.id(), zed, Role.OWNER);
            repository.addRole(h, p.id(), bob, Role.OWNER);
            return new long[] {p.id(), zed, amy, catalogue.user(h, "nobody")};
        });
        assertThat(db.read((Handle h) -> repository.roleOf(h, ids[0], ids[1]))).contains(Role.OWNER);
        assertThat(db.read((Handle h) -> repository.roleOf(h, ids[0], ids[2]))).contains(Role.MAINTAINER);
        assertThat(db.read((Handle h) -> repository.roleOf(h, ids[0], ids[3]))).isEmpty();
        assertThat(db.read((Handle h) -> repository.roles(h, ids[0])))
                .extracting(r -> r[0] + ":" + r[1])
                .containsExactly("Owner:bob", "Owner:zed", "Maintainer:amy");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void releasesAreFoundByCanonicalVersionAndYankable(Dialect dialect) {
        Database db = open(dialect);
        Project p = db.write(h -> catalogue.project(h, "foo", NOW));
        Release release = db.write(h -> catalogue.release(h, p, "1.0.0", NOW));
        assertThat(release.canonicalVersion()).isEqualTo("1");
        assertThat(db.read((Handle h) -> repository.findRelease(h, p.id(), "1")))
                .contains(release);
        assertThat(db.read((Handle h) -> repository.findRelease(h, p.id(), "2")))
                .isEmpty();
        db.writeVoid(h -> repository.setYanked(h, release.id(), true, Optional.of("broken")));
        Release yanked = db.read(h -> repository.findRelease(h, p.id(), "1")).orElseThrow();
        assertThat(yanked.yanked()).isTrue();
        assertThat(yanked.yankedReason()).contains("broken");
        db.writeVoid(h -> repository.setYanked(h, release.id(), false, Optional.empty()));
        Release unyanked = db.read(h -> repository.findRelease(h, p.id(), "1")).orElseThrow();
        assertThat(unyanked.yanked()).isFalse();
        assertThat(unyanked.yankedReason()).isEmpty();
        assertThat(db.read((Handle h) -> repository.releases(h, p.id()))).containsExactly(unyanked);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void filesRoundTripAndAreListedWithTheirRelease(Dialect dialect) {
        Database db = open(dialect);
        DistributionFile stored = db.write(h -> {
            Project p = catalogue.project(h, "foo", NOW);
            Release r = catalogue.release(h, p, "1.0", NOW);
            long user = catalogue.user(h, "alice");
            repository.setYanked(h, r.id(), true, Optional.of("oops"));
            return catalogue.file(
                    h, p, r, "foo-1.0-py3-none-any.whl", TestCatalogue.contentOf("w"), true, Optional.of(user), NOW);
        });
        assertThat(db.read((Handle h) -> repository.fileByName(h, "foo-1.0-py3-none-any.whl")))
                .contains(stored);
        List<ProjectFile> files = db.read(h -> repository.files(h, stored.projectId()));
        assertThat(files).containsExactly(new ProjectFile(stored, "1.0", true, Optional.of("oops")));
        assertThat(stored.hasMetadataFile()).isTrue();
        assertThat(db.read((Handle h) -> repository.releaseHasSdist(h, stored.releaseId())))
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void duplicateLookupMatchesFilenameOrBlake2(Dialect dialect) {
        Database db = open(dialect);
        DistributionFile stored = db.write(h -> {
            Project p = catalogue.project(h, "foo", NOW);
            Release r = catalogue.release(h, p, "1.0", NOW);
            return catalogue.file(
                    h, p, r, "foo-1.0.tar.gz", TestCatalogue.contentOf("s"), false, Optional.empty(), NOW);
        });
        assertThat(db.read((Handle h) -> repository.releaseHasSdist(h, stored.releaseId())))
                .isTrue();
        assertThat(db.read((Handle h) -> repository.filesByNameOrBlake2(h, "foo-1.0.tar.gz", "0".repeat(64))))
                .containsExactly(stored);
        assertThat(db.read((Handle h) -> repository.filesByNameOrBlake2(
                        h, "other.tar.gz", stored.digests().blake2b256())))
                .containsExactly(stored);
        assertThat(db.read((Handle h) -> repository.filesByNameOrBlake2(h, "other.tar.gz", "0".repeat(64))))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void journalHandsOutIncreasingSerialsAndKeepsTotalSize(Dialect dialect) {
        Database db = open(dialect);
        assertThat(db.read(repository::globalSerial)).isZero();
        Project p = db.write(h -> catalogue.project(h, "foo", NOW));
        Project other = db.write(h -> catalogue.project(h, "bar", NOW));
        long first = db.write(h -> repository.journal(h, p, "create", 100, NOW));
        long second = db.write(h -> repository.journal(h, other, "create", 7, NOW));
        long third = db.write(h -> repository.journal(h, p, "add file", 50, NOW));
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(db.read(repository::globalSerial)).isEqualTo(third);
        Project after = db.read(h -> repository.findProject(h, "foo")).orElseThrow();
        assertThat(after.lastSerial()).isEqualTo(third);
        assertThat(after.totalSize()).isEqualTo(150);
        assertThat(db.read((Handle h) -> repository.findProject(h, "bar"))
                        .orElseThrow()
                        .lastSerial())
                .isEqualTo(second);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void deletingAFileReservesItsNameAndGivesBackItsSize(Dialect dialect) {
        Database db = open(dialect);
        DistributionFile stored = db.write(h -> {
            Project p = catalogue.project(h, "foo", NOW);
            Release r = catalogue.release(h, p, "1.0", NOW);
            catalogue.file(
                    h, p, r, "foo-1.0-py3-none-any.whl", TestCatalogue.contentOf("w"), false, Optional.empty(), NOW);
            return catalogue.file(
                    h, p, r, "foo-1.0.tar.gz", TestCatalogue.contentOf("s"), false, Optional.empty(), NOW);
        });
        long before =
                db.read(h -> repository.findProject(h, "foo")).orElseThrow().totalSize();
        assertThat(before).isEqualTo(TestCatalogue.contentOf("w").length + TestCatalogue.contentOf("s").length);
        assertThat(db.read((Handle h) -> repository.filenameWasDeleted(h, "foo-1.0.tar.gz")))
                .isFalse();
        db.writeVoid(h -> repository.deleteFile(h, stored, NOW));
        assertThat(db.read((Handle h) -> repository.fileByName(h, "foo-1.0.tar.gz")))
                .isEmpty();
        assertThat(db.read((Handle h) -> repository.filenameWasDeleted(h, "foo-1.0.tar.gz")))
                .isTrue();
        assertThat(db.read((Handle h) -> repository.findProject(h, "foo"))
                        .orElseThrow()
                        .totalSize())
                .isEqualTo(before - stored.size());
        assertThat(db.read((Handle h) -> repository.files(h, stored.projectId())))
                .hasSize(1);
    }
}
