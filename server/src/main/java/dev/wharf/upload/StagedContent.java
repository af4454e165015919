package dev.wharf.upload;

import dev.wharf.distributions.FileDigests;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code content} part of an upload after it streamed to a staging file.
 *
 * @param filename    the part's {@code filename=} parameter, as sent (not yet validated)
 * @param contentType the part's Content-Type, if any (pypi.org refuses a missing one and {@code image/*})
 * @param digests     computed while the bytes streamed through
 */
public record StagedContent(Path file, String filename, Optional<String> contentType, long size, FileDigests digests) {}
