package dev.wharf.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk is the server's condition, not the client's: 507 with a message (and one log line),
 * nothing stored, nothing staged left behind. The data directory is a 1 MiB tmpfs, which needs
 * root; elsewhere the test is skipped with a message. The catalogue is on PostgreSQL, off the tmpfs.
 */
class DiskFullTest {
    @TempDir
    Path scratch;
    private Path mount;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        mount = Files.createDirectories(scratch.resolve("small"));
        boolean mounted;
        try {
            mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
                    .redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            mounted = false;
        }
        assumeTrue(mounted, "needs root to mount a 1 MiB tmpfs (run the suite as root, as CI does)");
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", mount.toString()).redirectErrorStream(true).start().waitFor();
    }

    @Test
    void anUploadThatDoesNotFitIs507AndLeavesNothing() throws IOException {
        try (TestWharf wharf = TestWharf.start(Dialect.POSTGRESQL, mount)) {
            String token = wharf.userWithToken("alice");
            Map<String, Object> before = wharf.snapshot();
            byte[] content = new byte[3 * 1024 * 1024];
            new Random(5).nextBytes(content);
            HttpResponse<String> response = wharf.upload(token, UploadForm.sdist("too-big", "1.0").content(content));
            assertThat(response.statusCode()).isEqualTo(507);
            assertThat(response.body()).contains("no space left to store this upload");
            assertThat(wharf.snapshot()).isEqualTo(before);
            Path staging = wharf.dataDirectory().resolve("files").resolve(".staging");
            if (Files.exists(staging)) {
                try (Stream<Path> left = Files.list(staging)) {
                    assertThat(left).as("staging files left behind").isEmpty();
                }
            }
            // Space again: the same upload of a small file goes through.
            assertThat(wharf.upload(token, UploadForm.sdist("fits", "1.0")).statusCode()).isEqualTo(200);
        }
    }
}
