package dev.wharf.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.indexes.IndexName;
import dev.wharf.indexes.VirtualIndex;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.IndexClient;
import dev.wharf.testing.PublishedProject;
import dev.wharf.testing.TestWharf;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With private reads, every index at {@code /i/} is as closed as {@code /simple/}. */
class PrivateIndexesTest {
    @TempDir
    Path scratch;

    @Test
    void everyIndexNeedsAnApiTokenWhenReadsArePrivate() {
        try (TestWharf wharf =
                TestWharf.start(Dialect.SQLITE, scratch, loader -> loader.flag("server.private-reads", "true"))) {
            PublishedProject.publish(wharf);
            wharf.wharf()
                    .indexes()
                    .add(new VirtualIndex(new IndexName("all"), List.of(new IndexName("hosted")), List.of()));
            String token = wharf.userWithToken("reader");
            String basic = "Basic "
                    + Base64.getEncoder().encodeToString(("__token__:" + token).getBytes(StandardCharsets.UTF_8));
            IndexClient client = new IndexClient(wharf.url());

            for (String path : List.of(
                    "/i/all/simple/",
                    "/i/all/simple/foo-bar/",
                    "/i/hosted/simple/foo-bar/",
                    "/i/all/pypi/foo-bar/json")) {
                HttpResponse<byte[]> anonymous = client.get(path);
                HttpResponse<byte[]> reader = client.get(path, "Authorization", basic);
                assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
                assertThat(reader.statusCode()).as(path).isEqualTo(200);
                assertThat(reader.headers().firstValue("Cache-Control"))
                        .as(path)
                        .hasValueSatisfying(
                                v -> assertThat(v).contains("private").doesNotContain("public"));
            }
            assertThat(client.get("/i/nope/simple/foo-bar/").statusCode()).isEqualTo(401);
        }
    }
}
