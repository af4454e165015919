package dev.wharf.index.simple;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.wharf.distributions.ProjectName;
import dev.wharf.http.ContentCoding;
import dev.wharf.http.EncodedBody;
import dev.wharf.index.IndexUrls;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.projects.ProjectSummary;
import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.storage.db.TestDatabases.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The root page kept in chunks is, after any sequence of changes, byte for byte the page a full
 * render of the database gives, in every format and coding.
 */
class RootIndexTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private final ProjectRepository projects = new ProjectRepository();
    private final SimplePageRenderer renderer =
            new SimplePageRenderer(new IndexUrls(URI.create("http://127.0.0.1:8080/")));

    @TempDir
    Path scratch;

    private TestDatabase test;

    @AfterEach
    void drop() {
        if (test != null) {
            test.close();
        }
    }

    private Database open(Dialect dialect) {
        test = TestDatabases.create(dialect, scratch);
        return test.database();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void randomChangesKeepTheChunkedPageEqualToAFullRender(Dialect dialect) throws IOException {
        Database db = open(dialect);
        // Chunks of 3 projects: every change crosses chunk bounds, splits chunks and empties some.
        RootIndex index = new RootIndex(db, projects, renderer, 3);
        assertMatchesFullRender(db, index);
        Random random = new Random(42);
        List<String> names = new ArrayList<>();
        for (int step = 0; step < 150; step++) {
            int action = names.isEmpty() ? 0 : random.nextInt(5);
            db.writeVoid(h -> {
                switch (action) {
                    case 0, 1 -> {
                        String display = "Pkg_" + Integer.toString(random.nextInt(100_000), 36)
                                + (random.nextBoolean() ? ".Ext" : "");
                        ProjectName name = ProjectName.of(display);
                        if (projects.findProject(h, name.normalized()).isEmpty()) {
                            Project p = projects.insertProject(
                                    h, name.display(), name.normalized(), name.ultranormalized(), NOW);
                            projects.journal(h, p, "create", 0, NOW);
                            names.add(name.normalized());
                        }
                    }
                    case 2 -> {
                        Project p = pick(h, names, random);
                        projects.renameProject(h, p.id(), p.name().toUpperCase(java.util.Locale.ROOT));
                        projects.journal(h, p, "rename", 0, NOW);
                    }
                    case 3 -> {
                        Project p = pick(h, names, random);
                        projects.setStatus(
                                h,
                                p.id(),
                                p.status().equals("quarantined") ? "active" : "quarantined",
                                Optional.empty());
                        projects.journal(h, p, "status", 0, NOW);
                    }
                    default -> projects.journal(h, pick(h, names, random), "add file", 10, NOW);
                }
            });
            if (random.nextInt(3) == 0) {
                assertMatchesFullRender(db, index);
            }
        }
        assertMatchesFullRender(db, index);
        assertThat(names).hasSizeGreaterThan(40);
    }

    @Test
    void aSerialCommittedAfterAHigherOneIsStillApplied() throws Exception {
        // On PostgreSQL a journal id comes from a sequence when the row is inserted, not when it commits.
        Database db = open(Dialect.POSTGRESQL);
        RootIndex index = new RootIndex(db, projects, renderer, 3);
        create(db, "first");
        assertMatchesFullRender(db, index);
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> db.writeVoid(h -> {
            ProjectName name = ProjectName.of("slow-to-commit");
            Project p = projects.insertProject(h, name.display(), name.normalized(), name.ultranormalized(), NOW);
            projects.journal(h, p, "create", 0, NOW);
            inserted.countDown();
            await(release);
        }));
        assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
        create(db, "quick");
        String before = text(index.page(SimpleFormat.HTML).body(), ContentCoding.IDENTITY);
        assertThat(before).contains(">quick<").doesNotContain("slow-to-commit");
        release.countDown();
        slow.get(30, TimeUnit.SECONDS);
        assertThat(text(index.page(SimpleFormat.HTML).body(), ContentCoding.IDENTITY))
                .contains(">slow-to-commit<");
        assertMatchesFullRender(db, index);
    }

    private void create(Database db, String display) {
        db.writeVoid(h -> {
            ProjectName name = ProjectName.of(display);
            projects.journal(
                    h,
                    projects.insertProject(h, name.display(), name.normalized(), name.ultranormalized(), NOW),
                    "create",
                    0,
                    NOW);
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Project pick(Handle h, List<String> names, Random random) {
        return projects.findProject(h, names.get(random.nextInt(names.size()))).orElseThrow();
    }

    private void assertMatchesFullRender(Database db, RootIndex index) throws IOException {
        long serial = db.read(projects::globalSerial);
        List<ProjectSummary> listed = new ArrayList<>(db.read(projects::listProjects));
        listed.sort(Comparator.comparing(ProjectSummary::normalizedName));
        RenderedPage json = index.page(SimpleFormat.V1_JSON);
        RenderedPage html = index.page(SimpleFormat.HTML);
        assertThat(json.serial()).isEqualTo(serial);
        for (ContentCoding coding : ContentCoding.values()) {
            assertThat(text(json.body(), coding)).isEqualTo(renderer.rootJson(listed, serial));
            assertThat(text(html.body(), coding)).isEqualTo(renderer.rootHtml(listed));
        }
    }

    static String text(EncodedBody body, ContentCoding coding) throws IOException {
        byte[] bytes = body.variant(coding).bytes();
        InputStream in = switch (coding) {
            case IDENTITY -> new ByteArrayInputStream(bytes);
            case GZIP -> new GZIPInputStream(new ByteArrayInputStream(bytes));
            case ZSTD -> new ZstdInputStream(new ByteArrayInputStream(bytes));
        };
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
