package dev.wharf.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * An upload as it arrived: the form fields, the staged file if a {@code content} part came, and
 * the names of fields that were wrongly sent as file parts (pypi.org: "Should not be a tuple").
 * Closing it deletes the staging file unless the blob store has taken it.
 */
public record UploadRequest(List<FormField> fields, Optional<StagedContent> content, List<String> fieldsSentAsFiles)
        implements AutoCloseable {

    @Override
    public void close() {
        content.ifPresent(staged -> {
            try {
                Files.deleteIfExists(staged.file());
            } catch (IOException e) {
                // A leftover staging file is harmless: it is never published and is swept at start-up.
            }
        });
    }
}
