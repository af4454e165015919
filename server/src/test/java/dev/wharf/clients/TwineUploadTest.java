package dev.wharf.clients;

import static dev.wharf.clients.ClientSandbox.debianWheels;
import static dev.wharf.clients.ClientSandbox.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Debian's twine 4.0.2 uploads the real wheels Debian ships for pip, setuptools and wheel, on both
 * database backends. These are wheels built by others, with real-world metadata, so this is the
 * first proof that the upload validation accepts what the ecosystem actually produces.
 */
@Tag("clients")
class TwineUploadTest {
    /** The project each Debian wheel belongs to, as its normalized name in the simple index. */
    private static final Map<String, String> PROJECT_OF = Map.of(
            "pip-23.0.1-py3-none-any.whl", "pip",
            "setuptools-66.1.1-py3-none-any.whl", "setuptools",
            "wheel-0.38.4-py3-none-any.whl", "wheel");

    @TempDir
    Path scratch;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void uploadsDebiansWheelsAndListsEachWithItsSha256(Dialect dialect) {
        try (TestWharf wharf = TestWharf.start(dialect, scratch)) {
            ClientSandbox sandbox = ClientSandbox.in(scratch.resolve("client"));

            ClientRun upload =
                    sandbox.twineUpload(scratch, wharf.url("/legacy/"), wharf.userWithToken("alice"), debianWheels());

            assertThat(upload.exitCode()).as(upload.describe()).isZero();
            for (Path wheel : debianWheels()) {
                String filename = wheel.getFileName().toString();
                SimpleIndexPage page = SimpleIndexPage.fetch(wharf.url(), PROJECT_OF.get(filename));
                assertThat(page.sha256ByFilename())
                        .as("/simple/%s/ after %s", PROJECT_OF.get(filename), upload.describe())
                        .containsEntry(filename, sha256(wheel));
            }
        }
    }

    /** twine retries a whole upload after a 5xx, so an identical re-upload must answer 200, as on pypi.org. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void reUploadingTheSameFilesSucceedsAndChangesNothing(Dialect dialect) {
        try (TestWharf wharf = TestWharf.start(dialect, scratch)) {
            ClientSandbox sandbox = ClientSandbox.in(scratch.resolve("client"));
            String token = wharf.userWithToken("alice");
            ClientRun first = sandbox.twineUpload(scratch, wharf.url("/legacy/"), token, debianWheels());
            assertThat(first.exitCode()).as(first.describe()).isZero();
            Map<String, Object> before = wharf.snapshot();

            ClientRun again = sandbox.twineUpload(scratch, wharf.url("/legacy/"), token, debianWheels());

            assertThat(again.exitCode()).as(again.describe()).isZero();
            assertThat(wharf.snapshot()).isEqualTo(before);
        }
    }

    /** Files are immutable: other bytes under a used filename are refused with pypi.org's text. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void differentBytesUnderAnExistingFilenameAreRefused(Dialect dialect) throws IOException {
        try (TestWharf wharf = TestWharf.start(dialect, scratch)) {
            ClientSandbox sandbox = ClientSandbox.in(scratch.resolve("client"));
            String token = wharf.userWithToken("alice");
            Path original = ClientSandbox.DEBIAN_WHEELS.resolve("wheel-0.38.4-py3-none-any.whl");
            ClientRun first = sandbox.twineUpload(scratch, wharf.url("/legacy/"), token, List.of(original));
            assertThat(first.exitCode()).as(first.describe()).isZero();
            Path tampered = scratch.resolve("tampered").resolve(original.getFileName());
            Files.createDirectories(tampered.getParent());
            Files.copy(original, tampered);
            // Trailing bytes after a zip's end record still leave a readable zip: only the content differs.
            Files.write(tampered, "tampered".getBytes(), StandardOpenOption.APPEND);
            Map<String, Object> before = wharf.snapshot();

            ClientRun conflicting = sandbox.twineUpload(scratch, wharf.url("/legacy/"), token, List.of(tampered));

            assertThat(conflicting.exitCode()).as(conflicting.describe()).isNotZero();
            assertThat(conflicting.text())
                    .as(conflicting.describe())
                    .contains("400 Bad Request")
                    .contains("File already exists ('wheel-0.38.4-py3-none-any.whl'");
            assertThat(wharf.snapshot()).isEqualTo(before);
            assertThat(SimpleIndexPage.fetch(wharf.url(), "wheel").sha256ByFilename())
                    .containsExactly(Map.entry("wheel-0.38.4-py3-none-any.whl", sha256(original)));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aWrongTokenIsRefusedWith403AndStoresNothing(Dialect dialect) {
        try (TestWharf wharf = TestWharf.start(dialect, scratch)) {
            ClientSandbox sandbox = ClientSandbox.in(scratch.resolve("client"));
            String token = wharf.userWithToken("alice");
            // The real token with its last character changed: well-formed, but its signature fails.
            String forged = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
            Map<String, Object> before = wharf.snapshot();

            ClientRun upload = sandbox.twineUpload(scratch, wharf.url("/legacy/"), forged, debianWheels());

            assertThat(upload.exitCode()).as(upload.describe()).isNotZero();
            assertThat(upload.text())
                    .as(upload.describe())
                    .contains("403 Forbidden")
                    .contains("Invalid or non-existent authentication information.");
            assertThat(upload.output()).as("the token must not be echoed").doesNotContain(forged);
            assertThat(wharf.snapshot()).isEqualTo(before);
            assertThat(SimpleIndexPage.fetch(wharf.url(), "wheel").status()).isEqualTo(404);
        }
    }
}
