package dev.wharf.mirror;

import static dev.wharf.testing.IndexClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.indexes.IndexName;
import dev.wharf.indexes.MirrorIndex;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.IndexClient;
import dev.wharf.testing.PublishedProject;
import dev.wharf.testing.TestWharf;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror of a private upstream (a Wharf with private reads, as a corporate index would be): the
 * password comes from the server's environment, never from the database, and each way it can be
 * wrong is a 502 that says which.
 */
class PrivateUpstreamTest {
    @TempDir
    Path scratch;

    @Test
    void thePasswordIsReadFromTheServersEnvironment() {
        try (TestWharf upstream = TestWharf.start(
                Dialect.SQLITE, scratch.resolve("up"), loader -> loader.flag("server.private-reads", "true"))) {
            PublishedProject published = PublishedProject.publish(upstream);
            String token = upstream.userWithToken("reader");
            try (TestWharf wharf = TestWharf.start(
                    Dialect.SQLITE, scratch.resolve("down"), loader -> {}, Map.of("UPSTREAM_TOKEN", token))) {
                add(wharf, "good", upstream, "UPSTREAM_TOKEN");
                add(wharf, "unset", upstream, "NOT_SET_ANYWHERE");
                IndexClient client = new IndexClient(wharf.url());

                HttpResponse<byte[]> page = client.get("/i/good/simple/foo-bar/");
                HttpResponse<byte[]> file = client.get("/i/good/files/foo-bar/" + PublishedProject.WHEEL_10);
                HttpResponse<byte[]> unset = client.get("/i/unset/simple/foo-bar/");

                assertThat(page.statusCode()).as(text(page)).isEqualTo(200);
                assertThat(file.body()).isEqualTo(published.wheel10());
                assertThat(unset.statusCode()).isEqualTo(502);
                assertThat(text(unset)).contains("NOT_SET_ANYWHERE").contains("not set on this server");
                String stored = wharf.wharf()
                        .database()
                        .read(h -> h.createQuery("SELECT settings FROM indexes WHERE name = 'good'")
                                .mapTo(String.class)
                                .one());
                assertThat(stored).contains("UPSTREAM_TOKEN").doesNotContain(token);
            }
            try (TestWharf wrong = TestWharf.start(
                    Dialect.SQLITE, scratch.resolve("wrong"), loader -> {}, Map.of("UPSTREAM_TOKEN", "pypi-wrong"))) {
                add(wrong, "good", upstream, "UPSTREAM_TOKEN");
                HttpResponse<byte[]> refused = new IndexClient(wrong.url()).get("/i/good/simple/foo-bar/");
                assertThat(refused.statusCode()).isEqualTo(502);
                assertThat(text(refused))
                        .contains("refused our credentials (HTTP 401)")
                        .doesNotContain("pypi-wrong");
            }
        }
    }

    private static void add(TestWharf wharf, String name, TestWharf upstream, String variable) {
        wharf.wharf()
                .indexes()
                .add(new MirrorIndex(
                        new IndexName(name),
                        URI.create(upstream.url("/simple/")),
                        Duration.ofMinutes(10),
                        Optional.empty(),
                        Set.of(),
                        Optional.of("__token__"),
                        Optional.of(variable)));
    }
}
