package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin commands, run in-process exactly as {@code ./wharf admin ...} runs them, against the
 * data directory of a server that is running at the same time (SQLite allows it: one writer at a
 * time, readers never blocked).
 */
class AdminCommandsTest {
    @TempDir
    Path scratch;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void createsAUserAndATokenThatAuthenticatesAgainstTheRunningServer() throws Exception {
        try (TestWharf server = TestWharf.start(Dialect.SQLITE, scratch)) {
            String data = server.dataDirectory().toString();
            CommandRun user = run("admin", "--data", data, "user", "create", "carol", "--email", "carol@example.org");
            assertThat(user.exit()).as(user.err()).isZero();

            CommandRun token = run("admin", "--data", data, "token", "create", "--user", "carol", "--expires", "1d");
            assertThat(token.exit()).as(token.err()).isZero();
            String secret = token.out().strip();
            assertThat(secret).startsWith("pypi-").doesNotContain("\n");

            // The token is recognised by the server: the refusal is about the (empty) form, not the credential.
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.url("/legacy/")))
                                    .header(
                                            "Authorization",
                                            "Basic "
                                                    + Base64.getEncoder()
                                                            .encodeToString(("__token__:" + secret)
                                                                    .getBytes(StandardCharsets.UTF_8)))
                                    .header("Content-Type", "multipart/form-data; boundary=xyz")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "--xyz\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n--xyz--\r\n"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).doesNotContain("authentication");

            CommandRun list = run("admin", "--data", data, "token", "list", "--user", "carol");
            assertThat(list.exit()).isZero();
            assertThat(list.out()).contains("all projects").doesNotContain(secret.substring(5));
            String id = list.out().lines().skip(1).findFirst().orElseThrow().split("\t")[0];

            CommandRun revoke = run("admin", "--data", data, "token", "revoke", id);
            assertThat(revoke.exit()).as(revoke.err()).isZero();
            HttpResponse<String> refused = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.url("/legacy/")))
                                    .header("Authorization", "Bearer " + secret)
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aFullDiskIsOneLineNotAStackTrace() throws Exception {
        try (var disk = dev.wharf.testing.SmallTmpfs.mount(scratch.resolve("full"), "256k")) {
            disk.fill();
            CommandRun create = run(
                    "admin",
                    "--data",
                    disk.path().resolve("data").toString(),
                    "user",
                    "create",
                    "dora",
                    "--email",
                    "dora@example.org");
            assertThat(create.exit()).isEqualTo(1);
            assertThat(create.err().strip()).startsWith("wharf: no space left on the device");
            assertThat(create.err().lines().count())
                    .as("one line, no stack trace")
                    .isEqualTo(1);
        }
    }

    @Test
    void refusalsPrintOneLineAndExitTwo() {
        CommandRun unknownUser =
                run("admin", "--data", scratch.resolve("d").toString(), "token", "create", "--user", "nobody");
        assertThat(unknownUser.exit()).isEqualTo(2);
        assertThat(unknownUser.err().strip()).isEqualTo("wharf: No user named 'nobody'");
        CommandRun badDuration =
                run("admin", "--data", scratch.resolve("d").toString(), "user", "create", "x", "--email", "nope");
        assertThat(badDuration.exit()).isEqualTo(2);
        assertThat(badDuration.err()).contains("is not a valid email address");
    }

    static List<List<String>> commands() {
        return List.of(
                List.of(),
                List.of("serve"),
                List.of("admin"),
                List.of("admin", "user"),
                List.of("admin", "user", "create"),
                List.of("admin", "token"),
                List.of("admin", "token", "create"),
                List.of("admin", "token", "list"),
                List.of("admin", "token", "revoke"),
                List.of("admin", "project"),
                List.of("admin", "project", "yank"),
                List.of("admin", "project", "unyank"),
                List.of("admin", "project", "delete-file"),
                List.of("admin", "project", "add-role"),
                List.of("admin", "issuer"),
                List.of("admin", "issuer", "add"),
                List.of("admin", "issuer", "list"),
                List.of("admin", "issuer", "remove"),
                List.of("admin", "publisher"),
                List.of("admin", "publisher", "add"),
                List.of("admin", "publisher", "list"),
                List.of("admin", "publisher", "remove"),
                List.of("admin", "events"),
                List.of("publish"),
                List.of("dev-issuer"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandHasHelp(List<String> command) {
        String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help"))
                .toArray(String[]::new);
        CommandRun help = run(args);
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: wharf");
    }
}
