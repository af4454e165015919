package dev.wharf.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.SmallTmpfs;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
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

    private SmallTmpfs disk;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        disk = SmallTmpfs.mount(scratch.resolve("small"), "1m");
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void anUploadThatDoesNotFitIs507AndLeavesNothing() throws IOException {
        try (TestWharf wharf = TestWharf.start(Dialect.POSTGRESQL, disk.path())) {
            String token = wharf.userWithToken("alice");
            Map<String, Object> before = wharf.snapshot();
            byte[] content = new byte[3 * 1024 * 1024];
            new Random(5).nextBytes(content);
            HttpResponse<String> response =
                    wharf.upload(token, UploadForm.sdist("too-big", "1.0").content(content));
            assertThat(response.statusCode()).isEqualTo(507);
            assertThat(response.body()).contains("no space left to store this upload");
            assertThat(wharf.snapshot()).isEqualTo(before);
            assertThat(wharf.stagingFiles()).as("staging files left behind").isEmpty();
            // Space again: the same upload of a small file goes through.
            assertThat(wharf.upload(token, UploadForm.sdist("fits", "1.0")).statusCode())
                    .isEqualTo(200);
        }
    }
}
