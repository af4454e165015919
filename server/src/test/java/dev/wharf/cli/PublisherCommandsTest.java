package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wharf admin issuer|publisher|events}, in-process against a running server's data. */
class PublisherCommandsTest {
    @TempDir
    Path scratch;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void publishersAndIssuersAreManagedFromTheCommandLine() {
        try (TestWharf server = TestWharf.start(Dialect.SQLITE, scratch)) {
            String data = server.dataDirectory().toString();
            server.wharf()
                    .database()
                    .writeVoid(h ->
                            server.wharf().projectRepository().insertProject(h, "Demo", "demo", "dem0", Instant.now()));

            CommandRun issuer = run(
                    "admin",
                    "--data",
                    data,
                    "issuer",
                    "add",
                    "https://ghes.example.org/_services/token",
                    "--kind",
                    "github");
            assertThat(issuer.exit()).as(issuer.err()).isZero();
            CommandRun issuers = run("admin", "--data", data, "issuer", "list");
            assertThat(issuers.out())
                    .contains("https://token.actions.githubusercontent.com\tbuilt in")
                    .contains("github\thttps://ghes.example.org/_services/token\tadded");

            CommandRun added = run(
                    "admin",
                    "--data",
                    data,
                    "publisher",
                    "add",
                    "--project",
                    "demo",
                    "--kind",
                    "github",
                    "--owner",
                    "octo-org",
                    "--owner-id",
                    "42",
                    "--repository",
                    "octo-repo",
                    "--workflow",
                    "release.yml",
                    "--environment",
                    "PyPI");
            assertThat(added.exit()).as(added.err()).isZero();
            String id = added.out().strip();
            CommandRun list = run("admin", "--data", data, "publisher", "list", "--project", "demo");
            assertThat(list.out())
                    .contains(id + "\tgithub\thttps://token.actions.githubusercontent.com\t")
                    .contains("octo-org/octo-repo")
                    .contains("pypi");

            CommandRun duplicate = run(
                    "admin",
                    "--data",
                    data,
                    "publisher",
                    "add",
                    "--project",
                    "demo",
                    "--kind",
                    "github",
                    "--owner",
                    "octo-org",
                    "--owner-id",
                    "42",
                    "--repository",
                    "octo-repo",
                    "--workflow",
                    "release.yml",
                    "--environment",
                    "pypi");
            assertThat(duplicate.exit()).isEqualTo(2);
            assertThat(duplicate.err()).contains("already registered with Demo");

            CommandRun badWorkflow = run(
                    "admin",
                    "--data",
                    data,
                    "publisher",
                    "add",
                    "--project",
                    "demo",
                    "--kind",
                    "github",
                    "--owner",
                    "octo-org",
                    "--owner-id",
                    "42",
                    "--repository",
                    "octo-repo",
                    "--workflow",
                    "release.sh");
            assertThat(badWorkflow.exit()).isEqualTo(2);
            assertThat(badWorkflow.err()).contains(".yml");

            CommandRun removed = run("admin", "--data", data, "publisher", "remove", "--project", "demo", id);
            assertThat(removed.exit()).as(removed.err()).isZero();
            assertThat(run("admin", "--data", data, "publisher", "list", "--project", "demo")
                            .out()
                            .lines()
                            .count())
                    .isEqualTo(1);

            CommandRun events = run("admin", "--data", data, "events", "--project", "demo");
            assertThat(events.out())
                    .contains("project:oidc:publisher-removed")
                    .contains("project:oidc:publisher-added");

            assertThat(run("admin", "--data", data, "issuer", "remove", "https://ghes.example.org/_services/token")
                            .exit())
                    .isZero();
            assertThat(run("admin", "--data", data, "issuer", "list").out()).doesNotContain("ghes.example.org");
        }
    }

    @Test
    void pendingPublishersBelongToAUser() {
        try (TestWharf server = TestWharf.start(Dialect.SQLITE, scratch)) {
            String data = server.dataDirectory().toString();
            server.userWithToken("alice");
            CommandRun pending = run(
                    "admin",
                    "--data",
                    data,
                    "publisher",
                    "add",
                    "--pending",
                    "--user",
                    "alice",
                    "--project",
                    "new-thing",
                    "--kind",
                    "gitlab",
                    "--namespace",
                    "group/sub",
                    "--gitlab-project",
                    "thing",
                    "--workflow",
                    ".gitlab-ci.yml");
            assertThat(pending.exit()).as(pending.err()).isZero();
            String id = pending.out().strip();
            assertThat(run("admin", "--data", data, "publisher", "list", "--pending", "--user", "alice")
                            .out())
                    .contains(id + "\tnew-thing\tgitlab\t");
            CommandRun noUser = run(
                    "admin",
                    "--data",
                    data,
                    "publisher",
                    "add",
                    "--pending",
                    "--project",
                    "x",
                    "--kind",
                    "google",
                    "--email",
                    "ci@example.iam.gserviceaccount.com");
            assertThat(noUser.exit()).isEqualTo(2);
            assertThat(noUser.err()).contains("--pending needs --user");
            assertThat(run("admin", "--data", data, "publisher", "remove", "--pending", "--user", "alice", id)
                            .exit())
                    .isZero();
            assertThat(run("admin", "--data", data, "publisher", "list", "--pending", "--user", "alice")
                            .out()
                            .lines()
                            .count())
                    .isEqualTo(1);
        }
    }
}
