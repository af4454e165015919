package dev.wharf.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.storage.blob.LocalBlobStore;
import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.storage.db.TestDatabases.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProjectServiceTest {
    private static final Instant NOW = Instant.parse("2026-05-06T07:08:09.123456Z");

    @TempDir
    Path scratch;

    private TestDatabase test;
    private Database db;
    private LocalBlobStore blobs;
    private ProjectService service;
    private final ProjectRepository repository = new ProjectRepository();
    private final TestCatalogue catalogue = new TestCatalogue();
    private long alice;
    private DistributionFile wheel;
    private DistributionFile sdist;

    /** Project "Foo" with release 1.0 (a wheel with METADATA and an sdist, both with blobs) and release 2.0. */
    private void setUp(Dialect dialect) throws IOException {
        test = TestDatabases.create(dialect, scratch);
        db = test.database();
        blobs = new LocalBlobStore(scratch.resolve("blobs"));
        service = new ProjectService(db, repository, new EventRepository(), blobs, Clock.fixed(NOW, ZoneOffset.UTC));
        db.writeVoid(h -> {
            alice = catalogue.user(h, "alice");
            Project p = catalogue.project(h, "Foo", NOW);
            Release r = catalogue.release(h, p, "1.0", NOW);
            catalogue.release(h, p, "2.0", NOW);
            wheel = catalogue.file(
                    h, p, r, "foo-1.0-py3-none-any.whl", TestCatalogue.contentOf("w"), true, Optional.of(alice), NOW);
            sdist = catalogue.file(
                    h, p, r, "foo-1.0.tar.gz", TestCatalogue.contentOf("s"), false, Optional.of(alice), NOW);
        });
        blobs.put(wheel.blobKey(), TestCatalogue.contentOf("w"));
        blobs.put(wheel.blobKey().metadata(), TestCatalogue.metadataOf(wheel.filename()));
        blobs.put(sdist.blobKey(), TestCatalogue.contentOf("s"));
    }

    @AfterEach
    void drop() {
        if (test != null) {
            test.close();
        }
    }

    private Project foo() {
        return db.read((Handle h) -> repository.findProject(h, "foo")).orElseThrow();
    }

    private Release release(String canonical) {
        return db.read((Handle h) -> repository.findRelease(h, foo().id(), canonical))
                .orElseThrow();
    }

    private List<Map<String, Object>> events() {
        return db.read((Handle h) -> h.createQuery("SELECT kind, user_id, detail_json FROM events ORDER BY id")
                .mapToMap()
                .list());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void yankWithReasonThenUnyank(Dialect dialect) throws IOException {
        setUp(dialect);
        long before = foo().lastSerial();
        service.yank("Foo", "1.0.0", Optional.of("  broken build  "), Optional.of(alice));
        Release yanked = release("1");
        assertThat(yanked.yanked()).isTrue();
        assertThat(yanked.yankedReason()).contains("broken build");
        long afterYank = foo().lastSerial();
        assertThat(afterYank).isGreaterThan(before);

        service.unyank("foo", "1.0", Optional.of(alice));
        Release unyanked = release("1");
        assertThat(unyanked.yanked()).isFalse();
        assertThat(unyanked.yankedReason()).isEmpty();
        assertThat(foo().lastSerial()).isGreaterThan(afterYank);
        assertThat(release("2").yanked()).as("other releases untouched").isFalse();

        List<Map<String, Object>> events = events();
        assertThat(events).extracting(e -> e.get("kind")).containsExactly("release:yank", "release:unyank");
        assertThat(((Number) events.get(0).get("user_id")).longValue()).isEqualTo(alice);
        assertThat((String) events.get(0).get("detail_json"))
                .contains("\"reason\":\"broken build\"")
                .contains("\"version\":\"1.0\"");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void yankWithoutOrWithBlankReasonStoresNone(Dialect dialect) throws IOException {
        setUp(dialect);
        service.yank("foo", "1.0", Optional.of("   "), Optional.empty());
        assertThat(release("1").yanked()).isTrue();
        assertThat(release("1").yankedReason()).isEmpty();
        service.yank("foo", "2.0", Optional.empty(), Optional.empty());
        assertThat(release("2").yankedReason()).isEmpty();
        assertThat((String) events().get(0).get("detail_json")).doesNotContain("reason");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void overLongYankReasonIsRefusedAndChangesNothing(Dialect dialect) throws IOException {
        setUp(dialect);
        long serial = foo().lastSerial();
        assertThatThrownBy(() -> service.yank("foo", "1.0", Optional.of("x".repeat(1001)), Optional.empty()))
                .isInstanceOf(WharfException.class)
                .hasMessage("A yank reason is at most 1000 characters")
                .extracting(e -> ((WharfException) e).refusal())
                .isEqualTo(Refusal.BAD_REQUEST);
        assertThat(release("1").yanked()).isFalse();
        assertThat(foo().lastSerial()).isEqualTo(serial);
        service.yank("foo", "1.0", Optional.of("x".repeat(1000)), Optional.empty());
        assertThat(release("1").yankedReason().orElseThrow()).hasSize(1000);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void unknownProjectOrReleaseIsNotFound(Dialect dialect) throws IOException {
        setUp(dialect);
        assertThatThrownBy(() -> service.yank("nope", "1.0", Optional.empty(), Optional.empty()))
                .isInstanceOf(WharfException.class)
                .hasMessage("No project named 'nope'")
                .extracting(e -> ((WharfException) e).refusal())
                .isEqualTo(Refusal.NOT_FOUND);
        assertThatThrownBy(() -> service.unyank("foo", "3.0", Optional.empty()))
                .isInstanceOf(WharfException.class)
                .hasMessage("Project 'Foo' has no release 3.0")
                .extracting(e -> ((WharfException) e).refusal())
                .isEqualTo(Refusal.NOT_FOUND);
        assertThatThrownBy(() -> service.deleteFile("nope", "foo-1.0.tar.gz", Optional.empty()))
                .isInstanceOf(WharfException.class)
                .hasMessage("No project named 'nope'");
        assertThatThrownBy(() -> service.deleteFile("foo", "foo-9.0.tar.gz", Optional.empty()))
                .isInstanceOf(WharfException.class)
                .hasMessage("Project 'Foo' has no file foo-9.0.tar.gz")
                .extracting(e -> ((WharfException) e).refusal())
                .isEqualTo(Refusal.NOT_FOUND);
        assertThat(events()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void fileOfAnotherProjectIsNotFoundThroughThisOne(Dialect dialect) throws IOException {
        setUp(dialect);
        db.writeVoid(h -> catalogue.project(h, "bar", NOW));
        assertThatThrownBy(() -> service.deleteFile("bar", "foo-1.0.tar.gz", Optional.empty()))
                .isInstanceOf(WharfException.class)
                .hasMessage("Project 'bar' has no file foo-1.0.tar.gz");
        assertThat(db.read((Handle h) -> repository.fileByName(h, "foo-1.0.tar.gz")))
                .isPresent();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void deletingAFileReservesItsNameAdjustsSizeAndRemovesBlobs(Dialect dialect) throws IOException {
        setUp(dialect);
        Project before = foo();
        assertThat(before.totalSize()).isEqualTo(wheel.size() + sdist.size());

        service.deleteFile("FOO", wheel.filename(), Optional.of(alice));

        Project after = foo();
        assertThat(after.totalSize()).isEqualTo(sdist.size());
        assertThat(after.lastSerial()).isGreaterThan(before.lastSerial());
        assertThat(db.read((Handle h) -> repository.fileByName(h, wheel.filename())))
                .isEmpty();
        assertThat(db.read((Handle h) -> repository.filenameWasDeleted(h, wheel.filename())))
                .isTrue();
        assertThat(db.read((Handle h) -> repository.filenameWasDeleted(h, sdist.filename())))
                .isFalse();
        assertThat(blobs.size(wheel.blobKey())).isEmpty();
        assertThat(blobs.size(wheel.blobKey().metadata())).isEmpty();
        assertThat(blobs.size(sdist.blobKey())).isPresent();
        List<Map<String, Object>> events = events();
        assertThat(events).extracting(e -> e.get("kind")).containsExactly("file:delete");
        assertThat((String) events.get(0).get("detail_json"))
                .contains(wheel.digests().sha256());

        assertThatThrownBy(() -> service.deleteFile("foo", wheel.filename(), Optional.of(alice)))
                .as("a deleted file is gone for good")
                .isInstanceOf(WharfException.class)
                .hasMessage("Project 'Foo' has no file " + wheel.filename());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void deletingWhenTheBlobIsAlreadyGoneStillSucceeds(Dialect dialect) throws IOException {
        setUp(dialect);
        blobs.delete(sdist.blobKey());
        service.deleteFile("foo", sdist.filename(), Optional.empty());
        assertThat(db.read((Handle h) -> repository.filenameWasDeleted(h, sdist.filename())))
                .isTrue();
        assertThat(foo().totalSize()).isEqualTo(wheel.size());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyChangeGetsANewSerial(Dialect dialect) throws IOException {
        setUp(dialect);
        long s0 = foo().lastSerial();
        service.yank("foo", "2.0", Optional.empty(), Optional.empty());
        long s1 = foo().lastSerial();
        service.deleteFile("foo", sdist.filename(), Optional.empty());
        long s2 = foo().lastSerial();
        service.unyank("foo", "2.0", Optional.empty());
        long s3 = foo().lastSerial();
        assertThat(List.of(s0, s1, s2, s3)).isSorted().doesNotHaveDuplicates();
        assertThat(db.read(repository::globalSerial)).isEqualTo(s3);
    }
}
