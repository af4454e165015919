package dev.wharf.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Parallel CI jobs publishing the first versions of a new project at once: every upload succeeds,
 * one project exists with the uploader as its only owner, and each version is there. On PostgreSQL
 * most of them used to get 409 "conflicts with an existing project" or 400 "too similar".
 */
class ConcurrentFirstUploadTest {
    private static final int UPLOADERS = 8;

    @TempDir
    Path scratch;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void eightFirstUploadsOfANewProjectAllSucceed(Dialect dialect) throws Exception {
        try (TestWharf wharf = TestWharf.start(dialect, scratch)) {
            String token = wharf.userWithToken("alice");
            for (int round = 0; round < 3; round++) {
                String project = "brand-new-" + round;
                CyclicBarrier start = new CyclicBarrier(UPLOADERS);
                List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
                for (int i = 0; i < UPLOADERS; i++) {
                    UploadForm form = UploadForm.sdist(project, "1.0." + i);
                    uploads.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return wharf.upload(token, form);
                    }));
                }
                for (CompletableFuture<HttpResponse<String>> upload : uploads) {
                    HttpResponse<String> response = upload.get();
                    assertThat(response.statusCode())
                            .as(project + ": " + response.body())
                            .isEqualTo(200);
                }
                long projects = wharf.wharf()
                        .database()
                        .read(h -> h.createQuery("SELECT count(*) FROM projects WHERE normalized_name = :n")
                                .bind("n", project)
                                .mapTo(Long.class)
                                .one());
                long releases = wharf.wharf()
                        .database()
                        .read(h -> h.createQuery(
                                        "SELECT count(*) FROM releases r JOIN projects p ON p.id = r.project_id WHERE p.normalized_name = :n")
                                .bind("n", project)
                                .mapTo(Long.class)
                                .one());
                List<String> owners = wharf.wharf()
                        .database()
                        .read(h -> h.createQuery(
                                        "SELECT u.username FROM roles r JOIN projects p ON p.id = r.project_id JOIN users u ON u.id = r.user_id "
                                                + "WHERE p.normalized_name = :n")
                                .bind("n", project)
                                .mapTo(String.class)
                                .list());
                assertThat(projects).isEqualTo(1);
                assertThat(releases).isEqualTo(UPLOADERS);
                assertThat(owners).containsExactly("alice");
            }
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
