package dev.wharf.projects;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.distributions.FileDigests;
import dev.wharf.storage.blob.BlobKey;
import dev.wharf.storage.blob.LocalBlobStore;
import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Blobs stored by an upload whose row never committed are found and removed once they are older
 * than the grace period; referenced blobs, their {@code .metadata}, young blobs and anything in the
 * store that is not a blob key stay.
 */
class OrphanBlobsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path scratch;

    private TestDatabases.TestDatabase test;
    private final TestCatalogue catalogue = new TestCatalogue();

    @AfterEach
    void drop() {
        if (test != null) {
            test.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void unreferencedBlobsPastTheGraceAreRemovedAndNothingElse(Dialect dialect) throws IOException {
        test = TestDatabases.create(dialect, scratch);
        Database db = test.database();
        LocalBlobStore blobs = new LocalBlobStore(scratch.resolve("files"));

        // A published wheel: row, blob and metadata.
        byte[] wheel = "published wheel".getBytes(UTF_8);
        String wheelName = "pkg-1.0-py3-none-any.whl";
        BlobKey published = BlobKey.forFile(FileDigests.of(wheel).blake2b256(), wheelName);
        db.writeVoid(h -> {
            Project project = catalogue.project(h, "pkg", NOW);
            Release release = catalogue.release(h, project, "1.0", NOW);
            catalogue.file(h, project, release, wheelName, wheel, true, Optional.empty(), NOW);
        });
        blobs.put(published, wheel);
        blobs.put(published.metadata(), "Metadata-Version: 2.1\n".getBytes(UTF_8));
        // An upload that stored its blob and metadata, then died before its row committed.
        byte[] lost = "interrupted upload".getBytes(UTF_8);
        BlobKey orphan = BlobKey.forFile(FileDigests.of(lost).blake2b256(), "pkg-1.1-py3-none-any.whl");
        blobs.put(orphan, lost);
        blobs.put(orphan.metadata(), "Metadata-Version: 2.1\n".getBytes(UTF_8));
        // Something an operator put there that is not a blob at all.
        Path foreign = Files.writeString(scratch.resolve("files").resolve("README.txt"), "not ours");

        OrphanBlobs orphans = new OrphanBlobs(db, new ProjectRepository(), SharedBlobs.NONE, blobs);
        assertThat(orphans.collect(Instant.now(), OrphanBlobs.GRACE))
                .as("younger than the grace: maybe an upload about to commit")
                .isZero();
        assertThat(orphans.collect(Instant.now().plus(Duration.ofHours(2)), OrphanBlobs.GRACE))
                .isEqualTo(2);

        assertThat(blobs.size(orphan)).isEmpty();
        assertThat(blobs.size(orphan.metadata())).isEmpty();
        assertThat(blobs.size(published)).contains((long) wheel.length);
        assertThat(blobs.size(published.metadata())).isPresent();
        assertThat(foreign).exists();
    }
}
