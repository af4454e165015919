package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.IndexClient;
import dev.wharf.testing.TestWharf;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wharf admin index ...} against the data of a running server, in the shape scripts use: the
 * server picks up each change (within the definitions' refresh time) without a restart.
 */
class IndexCommandsTest {
    @TempDir
    Path scratch;

    @Test
    void addListSetDefaultAndRemoveWhileTheServerRuns() throws Exception {
        try (TestWharf upstream = TestWharf.start(Dialect.SQLITE, scratch.resolve("up"));
                TestWharf server = TestWharf.start(Dialect.SQLITE, scratch.resolve("down"))) {
            String data = server.dataDirectory().toString();
            CommandRun mirror = CommandRun.of(
                    "admin",
                    "--data",
                    data,
                    "index",
                    "add",
                    "pypi",
                    "--mirror",
                    upstream.url("/simple/"),
                    "--ttl",
                    "5m",
                    "--min-age",
                    "3d",
                    "--exempt",
                    "Foo_Bar",
                    "--username",
                    "ci",
                    "--password-env",
                    "UPSTREAM_PASSWORD");
            CommandRun virtual = CommandRun.of(
                    "admin", "--data", data, "index", "add", "all", "--virtual", "hosted,pypi", "--protect", "acme-*");
            CommandRun chosen = CommandRun.of("admin", "--data", data, "index", "set-default", "all");
            CommandRun list = CommandRun.of("admin", "--data", data, "index", "list");

            assertThat(mirror.exit()).as(mirror.err()).isZero();
            assertThat(virtual.exit()).as(virtual.err()).isZero();
            assertThat(chosen.exit()).as(chosen.err()).isZero();
            assertThat(list.out())
                    .contains("hosted\thosted\t\tthe uploaded projects")
                    .contains("pypi\tmirror\t\t" + upstream.url("/simple/")
                            + " ttl=5m min-age=3d exempt=foo-bar user=ci password-env=UPSTREAM_PASSWORD")
                    .contains("all\tvirtual\tdefault\tmembers=hosted,pypi protect=acme-*");

            Thread.sleep(2_100); // the server re-reads definitions changed by another process every 2 s
            IndexClient client = new IndexClient(server.url());
            assertThat(client.get("/i/all/simple/").statusCode()).isEqualTo(200);
            assertThat(client.get("/simple/").headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));

            CommandRun again = CommandRun.of(
                    "admin",
                    "--data",
                    data,
                    "index",
                    "add",
                    "pypi",
                    "--mirror",
                    upstream.url("/simple/"),
                    "--ttl",
                    "1m");
            CommandRun replaced = CommandRun.of(
                    "admin",
                    "--data",
                    data,
                    "index",
                    "add",
                    "pypi",
                    "--mirror",
                    upstream.url("/simple/"),
                    "--ttl",
                    "1m",
                    "--replace");
            assertThat(again.exit()).isNotZero();
            assertThat(again.err()).contains("already exists");
            assertThat(replaced.exit()).as(replaced.err()).isZero();
            assertThat(CommandRun.of("admin", "--data", data, "index", "list").out())
                    .contains("pypi\tmirror\t\t" + upstream.url("/simple/") + " ttl=1m\n");

            CommandRun refused = CommandRun.of("admin", "--data", data, "index", "remove", "pypi");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains("member of the virtual index \"all\"");

            assertThat(CommandRun.of("admin", "--data", data, "index", "set-default", "hosted")
                            .exit())
                    .isZero();
            assertThat(CommandRun.of("admin", "--data", data, "index", "remove", "all")
                            .exit())
                    .isZero();
            assertThat(CommandRun.of("admin", "--data", data, "index", "remove", "pypi")
                            .exit())
                    .isZero();
            assertThat(CommandRun.of("admin", "--data", data, "index", "list")
                            .out()
                            .strip()
                            .lines())
                    .hasSize(1);
        }
    }

    @Test
    void badDefinitionsAreRefusedWithAMessage() {
        try (TestWharf server = TestWharf.start(Dialect.SQLITE, scratch)) {
            String data = server.dataDirectory().toString();
            CommandRun noMember =
                    CommandRun.of("admin", "--data", data, "index", "add", "all", "--virtual", "hosted,nope");
            CommandRun badName =
                    CommandRun.of("admin", "--data", data, "index", "add", "Bad_Name", "--virtual", "hosted");
            CommandRun inUrl = CommandRun.of(
                    "admin",
                    "--data",
                    data,
                    "index",
                    "add",
                    "p",
                    "--mirror",
                    "https://user:secret@example.org/simple/");
            CommandRun everything = CommandRun.of(
                    "admin", "--data", data, "index", "add", "v", "--virtual", "hosted", "--protect", "*");
            CommandRun both = CommandRun.of(
                    "admin",
                    "--data",
                    data,
                    "index",
                    "add",
                    "x",
                    "--virtual",
                    "hosted",
                    "--mirror",
                    "https://example.org/simple/");

            assertThat(noMember.err()).contains("\"nope\" is not an index");
            assertThat(badName.err()).contains("lowercase letters");
            assertThat(inUrl.err()).contains("--username and --password-env").doesNotContain("secret");
            assertThat(everything.err()).contains("would hide every upstream project");
            assertThat(both.exit()).isNotZero();
            assertThat(server.wharf().indexes().list()).isEmpty();
        }
    }
}
