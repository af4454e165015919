package dev.wharf.clients;

import static dev.wharf.clients.ClientSandbox.PYTHON;
import static dev.wharf.clients.ClientSandbox.debianWheels;
import static dev.wharf.clients.ClientSandbox.filesIn;
import static dev.wharf.clients.ClientSandbox.sha256;
import static dev.wharf.clients.ClientSandbox.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round trip a user makes: {@code python3 -m build} turns a small project into an sdist and a
 * wheel, twine uploads them, and pip installs and downloads them from {@code /simple/} with hash
 * checking. Setup uploads Debian's pip/setuptools/wheel wheels too, so pip can build the sdist
 * with build requirements that come from Wharf alone.
 */
@Tag("clients")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildAndInstallTest {
    private static final String WHEEL = "wharfdemo-1.0.0-py3-none-any.whl";
    private static final String SDIST = "wharfdemo-1.0.0.tar.gz";
    private static final String GREETING = "hello from wharf";

    private TestWharf wharf;
    private ClientSandbox sandbox;
    private Path scratch;
    private Path dist;
    private ClientRun build;
    private ClientRun upload;

    @BeforeAll
    void buildAndUpload(@TempDir Path tempDir) {
        scratch = tempDir;
        wharf = TestWharf.start(Dialect.SQLITE, scratch);
        sandbox = ClientSandbox.in(scratch.resolve("client"));
        Path project = DemoProjects.setuptoolsProject(scratch.resolve("wharfdemo"), "wharfdemo", "1.0.0", GREETING);
        dist = project.resolve("dist");
        // --no-isolation: the build uses Debian's setuptools and wheel; there is no index to fetch them from.
        build = sandbox.run(
                project,
                List.of(
                        PYTHON,
                        "-m",
                        "build",
                        "--no-isolation",
                        "--sdist",
                        "--wheel",
                        "--outdir",
                        dist.toString(),
                        "."));
        assertThat(build.exitCode()).as(build.describe()).isZero();
        String token = wharf.userWithToken("alice");
        upload = sandbox.twineUpload(project, wharf.url("/legacy/"), token, filesIn(dist));
        ClientRun debian = sandbox.twineUpload(scratch, wharf.url("/legacy/"), token, debianWheels());
        assertThat(debian.exitCode()).as(debian.describe()).isZero();
    }

    @AfterAll
    void stop() {
        if (wharf != null) {
            wharf.close();
        }
    }

    @Test
    void twineUploadsTheSdistAndWheelThatBuildMade() {
        assertThat(filesIn(dist)).extracting(p -> p.getFileName().toString()).containsExactly(WHEEL, SDIST);
        assertThat(upload.exitCode()).as(upload.describe()).isZero();

        SimpleIndexPage page = SimpleIndexPage.fetch(wharf.url(), "wharfdemo");

        assertThat(page.sha256ByFilename())
                .containsOnly(
                        Map.entry(WHEEL, sha256(dist.resolve(WHEEL))), Map.entry(SDIST, sha256(dist.resolve(SDIST))));
        assertThat(page.files().get(WHEEL).path("requires-python").asString()).isEqualTo(">=3.8");
    }

    @Test
    void pipInstallsTheWheelIntoAFreshVenvAndTheModuleImports() {
        Path venv = newVenv("venv-wheel");

        ClientRun install = sandbox.run(
                scratch,
                List.of(
                        venv.resolve("bin/python").toString(),
                        "-m",
                        "pip",
                        "install",
                        "--no-cache-dir",
                        "--index-url",
                        wharf.url("/simple/"),
                        "wharfdemo==1.0.0"));

        assertThat(install.exitCode()).as(install.describe()).isZero();
        assertThat(install.text())
                .as(install.describe())
                .contains(WHEEL)
                .contains("Successfully installed wharfdemo-1.0.0");
        assertImports(venv);
    }

    /**
     * {@code --no-binary} makes pip build the sdist in an isolated environment whose build
     * requirements ({@code setuptools>=61}, then {@code wheel}) it resolves from Wharf too;
     * {@code --verbose} shows the build environment's own pip downloading them from Wharf.
     */
    @Test
    void pipBuildsTheSdistWithBuildRequirementsFromWharfAndInstallsIt() {
        Path venv = newVenv("venv-sdist");

        ClientRun install = sandbox.run(
                scratch,
                List.of(
                        venv.resolve("bin/python").toString(),
                        "-m",
                        "pip",
                        "install",
                        "--no-cache-dir",
                        "--verbose",
                        "--index-url",
                        wharf.url("/simple/"),
                        "--no-binary",
                        "wharfdemo",
                        "wharfdemo==1.0.0"));

        assertThat(install.exitCode()).as(install.describe()).isZero();
        assertThat(install.text())
                .as(install.describe())
                .contains(SDIST)
                .contains(wharf.url("/packages/"))
                .contains("/setuptools-66.1.1-py3-none-any.whl")
                .contains("/wheel-0.38.4-py3-none-any.whl")
                .contains("Successfully installed wharfdemo-1.0.0");
        assertImports(venv);
    }

    @Test
    void pipDownloadChecksTheHashesOfARequirementsFile() {
        Path good = write(
                scratch.resolve("good/requirements.txt"),
                "wharfdemo==1.0.0 --hash=sha256:" + sha256(dist.resolve(WHEEL)) + "\n");
        Path bad = write(
                scratch.resolve("bad/requirements.txt"), "wharfdemo==1.0.0 --hash=sha256:" + "0".repeat(64) + "\n");

        ClientRun matching = pipDownload(good, scratch.resolve("good/downloads"));
        ClientRun mismatching = pipDownload(bad, scratch.resolve("bad/downloads"));

        assertThat(matching.exitCode()).as(matching.describe()).isZero();
        assertThat(sha256(scratch.resolve("good/downloads").resolve(WHEEL))).isEqualTo(sha256(dist.resolve(WHEEL)));
        assertThat(mismatching.exitCode()).as(mismatching.describe()).isNotZero();
        assertThat(mismatching.text())
                .as(mismatching.describe())
                .contains("THESE PACKAGES DO NOT MATCH THE HASHES")
                .contains("Got " + sha256(dist.resolve(WHEEL)));
        assertThat(scratch.resolve("bad/downloads").resolve(WHEEL)).doesNotExist();
    }

    @Test
    void pipDownloadsDebiansWheelWithItsHash() {
        Path debianWheel = ClientSandbox.DEBIAN_WHEELS.resolve("wheel-0.38.4-py3-none-any.whl");
        Path requirements = write(
                scratch.resolve("debian/requirements.txt"),
                "wheel==0.38.4 --hash=sha256:" + sha256(debianWheel) + "\n");

        ClientRun download = pipDownload(requirements, scratch.resolve("debian/downloads"));

        assertThat(download.exitCode()).as(download.describe()).isZero();
        assertThat(sha256(scratch.resolve("debian/downloads/wheel-0.38.4-py3-none-any.whl")))
                .isEqualTo(sha256(debianWheel));
    }

    /**
     * PEP 658: the {@code .metadata} file is the wheel's own METADATA, byte for byte, with the
     * advertised digest. Debian's pip 23.0.1 cannot show this: in JSON it only reads the
     * {@code dist-info-metadata} key that PEP 714 retired, so it downloads whole wheels from any
     * PEP 714 index (pip >= 23.1 reads {@code core-metadata}). Checked over plain HTTP instead.
     */
    @Test
    void theMetadataFileIsTheWheelsOwnMetadata() throws IOException {
        SimpleIndexPage page = SimpleIndexPage.fetch(wharf.url(), "wharfdemo");
        byte[] fromWheel;
        try (ZipFile zip = new ZipFile(dist.resolve(WHEEL).toFile())) {
            fromWheel = zip.getInputStream(zip.getEntry("wharfdemo-1.0.0.dist-info/METADATA"))
                    .readAllBytes();
        }

        HttpResponse<byte[]> metadata =
                SimpleIndexPage.get(URI.create(page.urlOf(wharf.url(), WHEEL) + ".metadata"), "*/*");

        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).isEqualTo(fromWheel);
        assertThat(page.coreMetadataSha256(WHEEL)).contains(sha256(fromWheel));
        assertThat(page.coreMetadataSha256(SDIST)).isEmpty();
    }

    /**
     * Debian's setuptools 66 names the sdist of {@code wharf-demo-pkg} {@code
     * wharf-demo-pkg-1.0.0.tar.gz}; PEP 625 and pypi.org require {@code wharf_demo_pkg-1.0.0.tar.gz}.
     * twine uploads the wheel first (accepted), then the sdist is refused with pypi.org's message.
     */
    @Test
    void anSdistNamedBeforePep625IsRefusedWithPypisMessage() {
        Path project =
                DemoProjects.setuptoolsProject(scratch.resolve("wharf-demo-pkg"), "wharf-demo-pkg", "1.0.0", GREETING);
        Path legacyDist = project.resolve("dist");
        ClientRun legacyBuild = sandbox.run(
                project,
                List.of(
                        PYTHON,
                        "-m",
                        "build",
                        "--no-isolation",
                        "--sdist",
                        "--wheel",
                        "--outdir",
                        legacyDist.toString(),
                        "."));
        assertThat(legacyBuild.exitCode()).as(legacyBuild.describe()).isZero();

        ClientRun refused =
                sandbox.twineUpload(project, wharf.url("/legacy/"), wharf.userWithToken("bob"), filesIn(legacyDist));

        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        assertThat(refused.text())
                .as(refused.describe())
                .contains("400 Bad Request")
                .contains(
                        "Filename 'wharf-demo-pkg-1.0.0.tar.gz' is invalid, should be 'wharf_demo_pkg-1.0.0.tar.gz'.");
        assertThat(SimpleIndexPage.fetch(wharf.url(), "wharf-demo-pkg").sha256ByFilename())
                .containsOnlyKeys("wharf_demo_pkg-1.0.0-py3-none-any.whl");
    }

    private ClientRun pipDownload(Path requirements, Path into) {
        // Debian's own pip (python3-pip): download installs nothing, so no venv is needed.
        return sandbox.run(
                scratch,
                List.of(
                        PYTHON,
                        "-m",
                        "pip",
                        "download",
                        "--no-cache-dir",
                        "--no-deps",
                        "--only-binary",
                        ":all:",
                        "--require-hashes",
                        "--requirement",
                        requirements.toString(),
                        "--dest",
                        into.toString(),
                        "--index-url",
                        wharf.url("/simple/")));
    }

    /** A venv with the pip that Debian's ensurepip bundles (python3-venv + python3-pip-whl). */
    private Path newVenv(String name) {
        Path venv = scratch.resolve(name);
        ClientRun create = sandbox.run(scratch, List.of(PYTHON, "-m", "venv", venv.toString()));
        assertThat(create.exitCode()).as(create.describe()).isZero();
        return venv;
    }

    private void assertImports(Path venv) {
        ClientRun imported = sandbox.run(
                scratch,
                List.of(
                        venv.resolve("bin/python").toString(),
                        "-c",
                        "import wharfdemo; print(wharfdemo.GREETING); print(wharfdemo.__file__)"));
        assertThat(imported.exitCode()).as(imported.describe()).isZero();
        assertThat(imported.text())
                .as(imported.describe())
                .contains(GREETING)
                .contains(venv.resolve("lib").toString());
    }
}
