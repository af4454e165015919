package dev.wharf.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingSweeperTest {
    @TempDir
    Path staging;

    @Test
    void removesOnlyFilesOlderThanTheGracePeriod() throws Exception {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        Path old = Files.writeString(staging.resolve("upload-1.part"), "abandoned");
        Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofHours(2))));
        Path fresh = Files.writeString(staging.resolve("upload-2.part"), "in progress");
        Files.setLastModifiedTime(fresh, FileTime.from(now.minus(Duration.ofMinutes(5))));

        int removed = StagingSweeper.sweep(staging, now, Duration.ofHours(1));

        assertThat(removed).isEqualTo(1);
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
    }

    @Test
    void aMissingDirectoryIsNothingToSweep() throws Exception {
        assertThat(StagingSweeper.sweep(staging.resolve("absent"), Instant.now(), Duration.ZERO))
                .isZero();
    }
}
