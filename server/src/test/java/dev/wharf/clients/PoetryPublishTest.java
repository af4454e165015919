package dev.wharf.clients;

import static dev.wharf.clients.ClientSandbox.POETRY;
import static dev.wharf.clients.ClientSandbox.filesIn;
import static dev.wharf.clients.ClientSandbox.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's poetry 1.3.2 builds a {@code [tool.poetry]} project and publishes it to Wharf. The
 * repository and its credentials come from poetry's documented environment variables
 * ({@code POETRY_REPOSITORIES_<NAME>_URL}, {@code POETRY_HTTP_BASIC_<NAME>_USERNAME/PASSWORD}),
 * exactly how a CI job configures it, so no config file is written.
 */
@Tag("clients")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoetryPublishTest {
    private static final String WHEEL = "wharf_poetry_demo-0.1.0-py3-none-any.whl";
    /** poetry-core already names sdists the PEP 625 way, unlike Debian's setuptools 66. */
    private static final String SDIST = "wharf_poetry_demo-0.1.0.tar.gz";

    private static final List<String> PUBLISH = List.of(POETRY, "publish", "--no-interaction", "--repository", "wharf");

    private TestWharf wharf;
    private ClientSandbox sandbox;
    private Path project;
    private String token;
    private ClientRun build;
    private ClientRun publish;

    @BeforeAll
    void buildAndPublish(@TempDir Path scratch) {
        wharf = TestWharf.start(Dialect.SQLITE, scratch);
        sandbox = ClientSandbox.in(scratch.resolve("client"));
        project = DemoProjects.poetryProject(scratch.resolve("poetry-project"), "wharf-poetry-demo", "0.1.0");
        token = wharf.userWithToken("alice");
        build = sandbox.run(project, List.of(POETRY, "build", "--no-interaction"));
        publish = sandbox.run(project, repository(token), PUBLISH);
    }

    @AfterAll
    void stop() {
        if (wharf != null) {
            wharf.close();
        }
    }

    @Test
    void publishesWhatPoetryBuiltAndTheIndexListsIt() {
        assertThat(build.exitCode()).as(build.describe()).isZero();
        assertThat(filesIn(project.resolve("dist")))
                .extracting(p -> p.getFileName().toString())
                .containsExactly(WHEEL, SDIST);
        assertThat(publish.exitCode()).as(publish.describe()).isZero();
        assertThat(publish.text()).as(publish.describe()).contains("Publishing wharf-poetry-demo (0.1.0) to wharf");

        SimpleIndexPage page = SimpleIndexPage.fetch(wharf.url(), "wharf-poetry-demo");

        assertThat(page.sha256ByFilename())
                .containsOnly(
                        Map.entry(WHEEL, sha256(project.resolve("dist").resolve(WHEEL))),
                        Map.entry(SDIST, sha256(project.resolve("dist").resolve(SDIST))));
    }

    /** Identical files are answered 200, so a plain re-publish and {@code --skip-existing} both pass. */
    @Test
    void publishingTheSameFilesAgainSucceedsAndChangesNothing() {
        assertThat(publish.exitCode()).as(publish.describe()).isZero();
        Map<String, Object> before = wharf.snapshot();

        ClientRun again = sandbox.run(project, repository(token), PUBLISH);
        ClientRun skipping = sandbox.run(project, repository(token), concat(PUBLISH, "--skip-existing"));

        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(skipping.exitCode()).as(skipping.describe()).isZero();
        assertThat(wharf.snapshot()).isEqualTo(before);
    }

    @Test
    void aWrongPasswordFailsThePublishWith403() {
        Map<String, Object> before = wharf.snapshot();
        String forged = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");

        ClientRun refused = sandbox.run(project, repository(forged), PUBLISH);

        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        assertThat(refused.text())
                .as(refused.describe())
                .contains("403")
                .contains("Invalid or non-existent authentication information.");
        assertThat(wharf.snapshot()).isEqualTo(before);
    }

    /** poetry 1.3's environment configuration for a repository named {@code wharf}. */
    private Map<String, String> repository(String password) {
        return Map.of(
                "POETRY_REPOSITORIES_WHARF_URL",
                wharf.url("/legacy/"),
                "POETRY_HTTP_BASIC_WHARF_USERNAME",
                "__token__",
                "POETRY_HTTP_BASIC_WHARF_PASSWORD",
                password);
    }

    private static List<String> concat(List<String> command, String... more) {
        return Stream.concat(command.stream(), Arrays.stream(more)).toList();
    }
}
