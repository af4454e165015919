package dev.wharf.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.testing.RawHttp;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Stream;

/** Assertions shared by the upload conformance tests: status, pypi.org's message, nothing stored. */
final class UploadTesting {
    private UploadTesting() {}

    /** The message is in the reason phrase (HTTP/1.1, as twine prints it) and verbatim in the body. */
    static void assertRefused(RawHttp.Response response, int status, String message) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.reason()).as("reason phrase").isEqualTo(message);
        assertThat(response.text()).as("body").contains(message);
    }

    /** Like {@link #assertRefused} for messages checked only by their start. */
    static void assertRefusedStartingWith(RawHttp.Response response, int status, String prefix) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.reason()).as("reason phrase").startsWith(prefix);
        assertThat(response.text()).as("body").contains(prefix);
    }

    /** Sends the form and asserts the refusal changed no row, no blob, and left no staging file. */
    static RawHttp.Response refusedUnchanged(
            TestWharf wharf, UploadForm form, String authorization, int status, String message) {
        Map<String, Object> before = wharf.snapshot();
        RawHttp.Response response = new RawHttp(wharf.url()).upload(form, authorization);
        assertRefused(response, status, message);
        assertUnchanged(wharf, before);
        return response;
    }

    static void assertUnchanged(TestWharf wharf, Map<String, Object> before) {
        assertThat(wharf.snapshot()).as("rows and blobs after a refusal").isEqualTo(before);
        try (Stream<java.nio.file.Path> staged = Files.list(wharf.wharf().stagingDirectory())) {
            assertThat(staged.toList()).as("staging files left behind").isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertOk(RawHttp.Response response) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(200);
    }
}
