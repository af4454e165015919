package dev.wharf.clients;

import static dev.wharf.clients.ClientSandbox.PYTHON;
import static dev.wharf.clients.ClientSandbox.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.indexes.IndexName;
import dev.wharf.indexes.MirrorIndex;
import dev.wharf.indexes.VirtualIndex;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestDistributions;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's pip against one virtual index of hosted projects and a mirror whose upstream is a second
 * Wharf: a hosted package whose dependency exists only upstream installs with {@code --require-hashes};
 * a mirrored file downloads byte-identical to the upstream's, and still installs once the upstream is
 * gone; and a hosted name shadowed upstream by a higher version installs the hosted one until its
 * owner allows merging.
 */
@Tag("clients")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VirtualIndexPipTest {
    private TestWharf upstream;
    private TestWharf wharf;
    private ClientSandbox sandbox;
    private Path scratch;
    private byte[] dependency;
    private byte[] application;

    @BeforeAll
    void start(@TempDir Path tempDir) {
        scratch = tempDir;
        sandbox = ClientSandbox.in(scratch.resolve("client"));
        upstream = TestWharf.start(Dialect.SQLITE, scratch.resolve("upstream"));
        wharf = TestWharf.start(Dialect.SQLITE, scratch.resolve("wharf"));
        dependency = publish(upstream, "wharfdep", "2.0", "");
        publish(upstream, "acme-internal", "99.0", "");
        application = publish(wharf, "wharfapp", "1.0", "Requires-Dist: wharfdep>=2\n");
        publish(wharf, "acme-internal", "1.0", "");
        wharf.wharf()
                .indexes()
                .add(new MirrorIndex(
                        new IndexName("pypi"),
                        URI.create(upstream.url("/simple/")),
                        Duration.ZERO,
                        Optional.empty(),
                        Set.of(),
                        Optional.empty(),
                        Optional.empty()));
        wharf.wharf()
                .indexes()
                .add(new VirtualIndex(
                        new IndexName("all"), List.of(new IndexName("hosted"), new IndexName("pypi")), List.of()));
    }

    @AfterAll
    void stop() {
        if (wharf != null) {
            wharf.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    @Order(2) // stops the upstream
    void aHostedPackageInstallsWithItsUpstreamDependencyWithRequireHashesThenWithoutTheUpstream() throws IOException {
        Path requirements = ClientSandbox.write(
                scratch.resolve("requirements.txt"),
                "wharfapp==1.0 --hash=sha256:" + sha256(application) + "\n" + "wharfdep==2.0 --hash=sha256:"
                        + sha256(dependency) + "\n");

        ClientRun install = pip(
                "install",
                "--target",
                scratch.resolve("site").toString(),
                "--require-hashes",
                "--requirement",
                requirements.toString());

        assertThat(install.exitCode()).as(install.describe()).isZero();
        assertThat(scratch.resolve("site/wharfapp/__init__.py")).exists();
        assertThat(scratch.resolve("site/wharfdep/__init__.py")).exists();

        ClientRun download =
                pip("download", "--no-deps", "--dest", scratch.resolve("dl").toString(), "wharfdep==2.0");
        assertThat(download.exitCode()).as(download.describe()).isZero();
        assertThat(Files.readAllBytes(scratch.resolve("dl/wharfdep-2.0-py3-none-any.whl")))
                .isEqualTo(dependency);

        upstream.close();
        upstream = null;
        ClientRun again = pip(
                "install",
                "--target",
                scratch.resolve("site-again").toString(),
                "--require-hashes",
                "--requirement",
                requirements.toString());
        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(scratch.resolve("site-again/wharfdep/__init__.py")).exists();
    }

    @Test
    @Order(1)
    void aHostedNameShadowedUpstreamInstallsTheHostedVersionUntilMergingIsAllowed() {
        ClientRun protectedInstall =
                pip("install", "--no-deps", "--target", scratch.resolve("p").toString(), "acme-internal");
        assertThat(protectedInstall.exitCode()).as(protectedInstall.describe()).isZero();
        assertThat(scratch.resolve("p/acme_internal-1.0.dist-info")).exists();

        wharf.wharf().indexes().setMergeAllowed("acme-internal", true, Optional.empty());
        try {
            ClientRun merged =
                    pip("install", "--no-deps", "--target", scratch.resolve("m").toString(), "acme-internal");
            assertThat(merged.exitCode()).as(merged.describe()).isZero();
            assertThat(scratch.resolve("m/acme_internal-99.0.dist-info")).exists();
        } finally {
            wharf.wharf().indexes().setMergeAllowed("acme-internal", false, Optional.empty());
        }
    }

    private ClientRun pip(String... arguments) {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-m", "pip"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--no-cache-dir", "--index-url", wharf.url("/i/all/simple/")));
        return sandbox.run(scratch, command);
    }

    private static byte[] publish(TestWharf target, String name, String version, String extraMetadata) {
        String token = target.userWithToken("u" + Math.abs((name + version).hashCode()));
        TestDistributions.Wheel wheel = TestDistributions.wheel(name, version)
                .metadata(TestDistributions.metadata(name, version) + extraMetadata);
        byte[] bytes = wheel.bytes();
        HttpResponse<String> response =
                target.upload(token, UploadForm.wheel(name, version, wheel).content(bytes));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return bytes;
    }
}
