package dev.wharf.clients;

import static dev.wharf.clients.ClientSandbox.PDM;
import static dev.wharf.clients.ClientSandbox.PYTHON;
import static dev.wharf.clients.ClientSandbox.debianWheels;
import static dev.wharf.clients.ClientSandbox.filesIn;
import static dev.wharf.clients.ClientSandbox.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's pdm 2.2.1 publishes a PEP 621 project to Wharf ({@code pdm publish --no-build}, the
 * repository given as a URL, credentials in pdm's documented {@code PDM_PUBLISH_USERNAME} and
 * {@code PDM_PUBLISH_PASSWORD}).
 *
 * <p>The distributions are built by {@code python3 -m build --no-isolation} with pdm's own backend
 * ({@code pdm.pep517.api}, Debian's python3-pdm-pep517): {@code pdm build}, even with
 * {@code --no-isolation}, installs the backend into the project environment from the index, and
 * Debian ships pdm-pep517 as no wheel that could be put on Wharf. {@link
 * #pdmBuildResolvesItsBuildRequirementsFromWharf()} covers {@code pdm build} with a setuptools
 * backend whose requirements Wharf does serve.
 */
@Tag("clients")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PdmPublishTest {
    private static final String WHEEL = "wharfpdm-0.2.0-py3-none-any.whl";
    private static final String SDIST = "wharfpdm-0.2.0.tar.gz";

    private TestWharf wharf;
    private ClientSandbox sandbox;
    private Path scratch;
    private Path project;
    private String token;
    private ClientRun build;
    private ClientRun publish;

    @BeforeAll
    void buildAndPublish(@TempDir Path tempDir) {
        scratch = tempDir;
        wharf = TestWharf.start(Dialect.SQLITE, scratch);
        sandbox = ClientSandbox.in(scratch.resolve("client"));
        token = wharf.userWithToken("alice");
        project = DemoProjects.pdmProject(
                scratch.resolve("pdm-project"), "wharfpdm", "0.2.0", "pdm-pep517>=1.0", "pdm.pep517.api");
        build = sandbox.run(
                project,
                List.of(PYTHON, "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", "dist", "."));
        publish = sandbox.run(project, pdm(token), publishCommand());
    }

    @AfterAll
    void stop() {
        if (wharf != null) {
            wharf.close();
        }
    }

    @Test
    void publishesBothDistributionsAndTheIndexListsThem() {
        assertThat(build.exitCode()).as(build.describe()).isZero();
        assertThat(filesIn(project.resolve("dist")))
                .extracting(p -> p.getFileName().toString())
                .containsExactly(WHEEL, SDIST);
        assertThat(publish.exitCode()).as(publish.describe()).isZero();
        assertThat(publish.text())
                .as(publish.describe())
                .contains("Uploading " + WHEEL)
                .contains("Uploading " + SDIST);

        SimpleIndexPage page = SimpleIndexPage.fetch(wharf.url(), "wharfpdm");

        assertThat(page.sha256ByFilename())
                .containsOnly(
                        Map.entry(WHEEL, sha256(project.resolve("dist").resolve(WHEEL))),
                        Map.entry(SDIST, sha256(project.resolve("dist").resolve(SDIST))));
    }

    @Test
    void publishingTheSameFilesAgainSucceedsAndChangesNothing() {
        assertThat(publish.exitCode()).as(publish.describe()).isZero();
        Map<String, Object> before = wharf.snapshot();

        ClientRun again = sandbox.run(project, pdm(token), publishCommand());

        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(wharf.snapshot()).isEqualTo(before);
    }

    @Test
    void aWrongPasswordFailsThePublishWith403() {
        Map<String, Object> before = wharf.snapshot();
        String forged = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");

        ClientRun refused = sandbox.run(project, pdm(forged), publishCommand());

        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        assertThat(refused.text())
                .as(refused.describe())
                .contains("403")
                .contains("Invalid or non-existent authentication information.");
        assertThat(wharf.snapshot()).isEqualTo(before);
    }

    /**
     * {@code pdm build} in its default isolated mode: pdm resolves {@code setuptools>=61} and
     * {@code wheel} from Wharf (uploaded first, from Debian's wheels) with its own downloader,
     * requests with its default {@code Accept-Encoding: gzip, deflate}.
     */
    @Test
    void pdmBuildResolvesItsBuildRequirementsFromWharf() {
        ClientRun debian = sandbox.twineUpload(scratch, wharf.url("/legacy/"), token, debianWheels());
        assertThat(debian.exitCode()).as(debian.describe()).isZero();
        Path isolated = DemoProjects.pdmProject(
                scratch.resolve("pdm-isolated"), "wharfpdmbuilt", "0.3.0", "setuptools>=61", "setuptools.build_meta");
        Map<String, String> env = new HashMap<>(pdm(token));
        env.put("PDM_PYPI_URL", wharf.url("/simple/"));

        ClientRun pdmBuild = sandbox.run(isolated, env, List.of(PDM, "build", "--verbose"));

        assertThat(pdmBuild.exitCode()).as(pdmBuild.describe()).isZero();
        assertThat(filesIn(isolated.resolve("dist")))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("wharfpdmbuilt-0.3.0-py3-none-any.whl", "wharfpdmbuilt-0.3.0.tar.gz");
        ClientRun published = sandbox.run(isolated, pdm(token), publishCommand());
        assertThat(published.exitCode()).as(published.describe()).isZero();
        assertThat(SimpleIndexPage.fetch(wharf.url(), "wharfpdmbuilt").sha256ByFilename())
                .hasSize(2);
    }

    private List<String> publishCommand() {
        return List.of(PDM, "publish", "--no-build", "--repository", wharf.url("/legacy/"));
    }

    /**
     * pdm's environment: credentials for {@code publish}, and Debian's interpreter without a
     * project virtualenv (pdm 2.2 would otherwise create {@code .venv} and look for packages on
     * pypi.org, which CI cannot reach).
     */
    private static Map<String, String> pdm(String password) {
        return Map.of(
                "PDM_PUBLISH_USERNAME",
                "__token__",
                "PDM_PUBLISH_PASSWORD",
                password,
                "PDM_PYTHON",
                PYTHON,
                "PDM_USE_VENV",
                "false");
    }
}
