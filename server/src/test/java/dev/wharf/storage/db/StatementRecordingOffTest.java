package dev.wharf.storage.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flight Recorder recording, every event enabled, around writes that bind a secret: the
 * recording holds JVM events but no {@code jdbi.statement} event and not the secret anywhere.
 */
class StatementRecordingOffTest {
    private static final String SECRET = "totp-secret-3f9a1c0d7e";

    @TempDir
    Path scratch;

    @Test
    void aFlightRecordingOfDatabaseWorkHoldsNoBoundValues() throws Exception {
        Path file = scratch.resolve("wharf.jfr");
        try (var test = TestDatabases.sqlite(scratch);
                Recording recording = new Recording()) {
            recording.enable("jdbi.statement");
            recording.enable("jdk.JavaMonitorWait");
            recording.start();
            Database db = test.database();
            db.writeVoid(h -> h.createUpdate("INSERT INTO users (username, email, created_at) VALUES (:u, :e, 1)")
                    .bind("u", SECRET)
                    .bind("e", "alice@example.org")
                    .execute());
            String read = db.read(h -> h.createQuery("SELECT username FROM users WHERE username = :u")
                    .bind("u", SECRET)
                    .mapTo(String.class)
                    .one());
            assertThat(read).isEqualTo(SECRET);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertThat(events).extracting(e -> e.getEventType().getName()).doesNotContain("jdbi.statement");
        assertThat(Files.readAllBytes(file))
                .asString(java.nio.charset.StandardCharsets.ISO_8859_1)
                .doesNotContain(SECRET);
    }
}
