package dev.wharf.clients;

import static dev.wharf.clients.ClientSandbox.PYTHON;
import static dev.wharf.clients.ClientSandbox.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads of {@code /packages/...} as Python's {@code requests} makes them, the library under
 * pdm's (unearth), poetry's and twine's HTTP. pip asks for {@code Accept-Encoding: identity} when
 * it downloads a file; {@code requests} sends its default {@code gzip, deflate} and decodes
 * whatever {@code Content-Encoding} comes back, so both must yield the uploaded bytes.
 */
@Tag("clients")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackageDownloadTest {
    /** Prints the sha256 of what requests returns, and the response's encoding headers. */
    private static final String FETCH = """
            import hashlib, sys, requests
            headers = {"Accept-Encoding": sys.argv[2]} if len(sys.argv) > 2 else {}
            response = requests.get(sys.argv[1], headers=headers, timeout=60)
            response.raise_for_status()
            print("status", response.status_code)
            print("content-encoding", response.headers.get("Content-Encoding"))
            print("content-length", response.headers.get("Content-Length"), "received", len(response.content))
            print("sha256", hashlib.sha256(response.content).hexdigest())
            """;
    /** Debian's setuptools wheel: over 1 MB, far above any compression threshold. */
    private static final Path WHEEL = ClientSandbox.DEBIAN_WHEELS.resolve("setuptools-66.1.1-py3-none-any.whl");

    private TestWharf wharf;
    private ClientSandbox sandbox;
    private Path scratch;
    private String url;

    @BeforeAll
    void upload(@TempDir Path tempDir) {
        scratch = tempDir;
        wharf = TestWharf.start(Dialect.SQLITE, scratch);
        sandbox = ClientSandbox.in(scratch.resolve("client"));
        ClientRun upload =
                sandbox.twineUpload(scratch, wharf.url("/legacy/"), wharf.userWithToken("alice"), List.of(WHEEL));
        assertThat(upload.exitCode()).as(upload.describe()).isZero();
        SimpleIndexPage page = SimpleIndexPage.fetch(wharf.url(), "setuptools");
        url = page.urlOf(wharf.url(), WHEEL.getFileName().toString()).toString();
    }

    @AfterAll
    void stop() {
        if (wharf != null) {
            wharf.close();
        }
    }

    @Test
    void anIdentityDownloadLikePipsIsTheUploadedFile() {
        ClientRun fetch = sandbox.run(scratch, List.of(PYTHON, "-c", FETCH, url, "identity"));

        assertThat(fetch.exitCode()).as(fetch.describe()).isZero();
        assertThat(fetch.output()).as(fetch.describe()).contains("sha256 " + sha256(WHEEL));
    }

    @Test
    void aDownloadWithRequestsDefaultHeadersIsTheUploadedFile() {
        ClientRun fetch = sandbox.run(scratch, List.of(PYTHON, "-c", FETCH, url));

        assertThat(fetch.exitCode()).as(fetch.describe()).isZero();
        assertThat(fetch.output()).as(fetch.describe()).contains("sha256 " + sha256(WHEEL));
    }
}
