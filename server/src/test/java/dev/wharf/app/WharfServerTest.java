package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.publishing.oidc.Issuer;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WharfServerTest {
    @TempDir
    Path scratch;

    @Test
    void issuersNamedInConfigurationAreAddedAtStart() {
        try (TestWharf wharf = TestWharf.start(
                Dialect.SQLITE,
                scratch,
                loader -> loader.flag(
                        "oidc.issuers",
                        "gitlab=https://gitlab.example.org, github=https://ghes.example.org/_services/token"))) {
            assertThat(wharf.wharf().issuers().list())
                    .extracting(Issuer::url)
                    .contains("https://gitlab.example.org", "https://ghes.example.org/_services/token");
        }
    }

    @Test
    void unknownPathsAre404WithoutTheInternalReasonHeader() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> missing = http.send(
                    HttpRequest.newBuilder(URI.create(wharf.url("/nothing/here")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("X-Wharf-Reason")).isEmpty();
        }
    }

    @Test
    void everyStagingFileLeftByAnEarlierRunIsRemovedAtStart() throws Exception {
        java.nio.file.Path data = scratch.resolve("data");
        java.nio.file.Path staging =
                java.nio.file.Files.createDirectories(data.resolve("files").resolve(".staging"));
        // Fresh files: before, only files older than an hour were removed, so a crash a minute ago
        // left its debris until the next restart an hour later.
        java.nio.file.Files.write(staging.resolve("upload-1.part"), new byte[1024]);
        java.nio.file.Files.write(staging.resolve("0b9f.part"), new byte[10]);
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch, loader -> loader.flag("storage.data", data))) {
            try (var left = java.nio.file.Files.list(staging)) {
                assertThat(left).isEmpty();
            }
        }
    }
}
