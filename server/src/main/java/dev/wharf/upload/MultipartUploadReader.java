package dev.wharf.upload;

import dev.wharf.distributions.StreamingDigester;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.StorageFull;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartCompliance;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@code multipart/form-data} upload body as a stream, in constant memory: the
 * {@code content} part goes straight to a staging file while md5, sha256 and BLAKE2b-256 are
 * computed; other parts are small text fields. Fields may arrive before or after the file (uv
 * sends {@code attestations} after {@code content}), so nothing is validated here beyond sizes.
 *
 * <p>Uses Jetty's push parser ({@link MultiPart.Parser}) rather than servlet parts, which would
 * spool the whole body before we could hash or limit it.
 */
public final class MultipartUploadReader {
    private static final Logger LOG = LoggerFactory.getLogger(MultipartUploadReader.class);
    /** RFC 2046 §5.1.1: {@code 0*69<bchars> bcharsnospace}; every client we know sends 32 to 67 of them. */
    private static final java.util.regex.Pattern BOUNDARY =
            java.util.regex.Pattern.compile("[0-9A-Za-z'()+_,\\-./:=? ]{0,69}[0-9A-Za-z'()+_,\\-./:=?]");
    /** Largest text field we hold in memory: {@code description} may be long, nothing else is. */
    static final int MAX_FIELD_BYTES = 1024 * 1024;
    /** Largest total of all text fields together. */
    static final int MAX_FIELDS_TOTAL_BYTES = 4 * 1024 * 1024;

    static final int MAX_PARTS = 2_000;
    static final int MAX_PART_HEADERS = 8 * 1024;
    /** {@code gpg_signature} is tolerated and discarded (pypi.org ignores signatures since 2023). */
    private static final String SIGNATURE_FIELD = "gpg_signature";

    private static final int BUFFER = 64 * 1024;

    private final Path stagingDirectory;
    private final long maxFileSize;

    public MultipartUploadReader(Path stagingDirectory, long maxFileSize) {
        this.stagingDirectory = stagingDirectory;
        this.maxFileSize = maxFileSize;
    }

    /** How much of a refused body is read and discarded so that the client sees the answer. */
    public long drainLimit() {
        return maxFileSize + MAX_FIELDS_TOTAL_BYTES + 1024 * 1024;
    }

    /**
     * Reads the whole body. On any refusal the staging file is removed before the exception leaves.
     *
     * @param contentType the request's Content-Type header
     * @param body        the raw request body
     * @param sizeLimitMessage message for a file over the limit (pypi.org names the project, which the form may carry later)
     */
    public UploadRequest read(
            String contentType, InputStream body, java.util.function.Function<List<FormField>, String> sizeLimitMessage)
            throws IOException {
        String boundary;
        try {
            boundary = contentType == null ? null : MultiPart.extractBoundary(contentType);
        } catch (IllegalArgumentException malformed) {
            // Jetty's parameter tokenizer refuses e.g. an unterminated quote: the client's header, not our bug.
            boundary = null;
        }
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                || boundary == null
                || boundary.isEmpty()) {
            throw UploadRejectedException.badRequest(
                    "Uploads must be multipart/form-data with a boundary, as twine, uv, poetry and pdm send them.");
        }
        if (!BOUNDARY.matcher(boundary).matches()) {
            throw UploadRejectedException.badRequest(
                    "The multipart boundary must be 1 to 70 characters of letters, digits and "
                            + "'()+_,-./:=? (and spaces, not last), as RFC 2046 says; this one is " + boundary.length()
                            + " characters long"
                            + (boundary.length() <= 70 ? " and has others" : "") + ".");
        }
        Listener listener = new Listener(sizeLimitMessage);
        MultiPart.Parser parser = new MultiPart.Parser(boundary, MultiPartCompliance.RFC7578, listener);
        parser.setMaxParts(MAX_PARTS);
        parser.setPartHeadersMaxLength(MAX_PART_HEADERS);
        byte[] buffer = new byte[BUFFER];
        try {
            int n;
            while (!listener.done() && (n = body.read(buffer)) >= 0) {
                if (n > 0) {
                    parser.parse(Content.Chunk.from(ByteBuffer.wrap(buffer, 0, n), false));
                }
                listener.throwIfFailed();
            }
            if (!listener.done()) {
                parser.parse(Content.Chunk.EOF);
            }
            listener.throwIfFailed();
            if (!listener.complete) {
                throw UploadRejectedException.badRequest("The multipart body ended before its closing boundary.");
            }
            return listener.result();
        } catch (RuntimeException | IOException e) {
            listener.discard();
            throw e;
        }
    }

    private final class Listener implements MultiPart.Parser.Listener {
        private final java.util.function.Function<List<FormField>, String> sizeLimitMessage;
        private final List<FormField> fields = new ArrayList<>();
        private final List<String> fieldsSentAsFiles = new ArrayList<>();
        private final Map<String, String> headers = new HashMap<>();
        private RuntimeException failure;
        private boolean complete;
        private long fieldBytes;

        // state of the current part
        private String partName;
        private String partFilename;
        private ByteArrayOutputStream text;
        private boolean discardPart;
        private boolean isContent;
        private boolean seenContent;
        private Path stagedFile;
        private FileChannel channel;
        private StreamingDigester digester;
        private long contentSize;
        private String contentFilename;
        private Optional<String> contentType = Optional.empty();
        private StagedContent staged;

        Listener(java.util.function.Function<List<FormField>, String> sizeLimitMessage) {
            this.sizeLimitMessage = sizeLimitMessage;
        }

        boolean done() {
            return complete || failure != null;
        }

        void throwIfFailed() {
            if (failure != null) {
                throw failure;
            }
        }

        UploadRequest result() {
            return new UploadRequest(List.copyOf(fields), Optional.ofNullable(staged), List.copyOf(fieldsSentAsFiles));
        }

        void discard() {
            closeChannel();
            if (stagedFile != null) {
                try {
                    Files.deleteIfExists(stagedFile);
                } catch (IOException ignored) {
                    // swept at start-up
                }
            }
        }

        @Override
        public void onPartBegin() {
            headers.clear();
            partName = null;
            partFilename = null;
            text = null;
            discardPart = false;
            isContent = false;
        }

        @Override
        public void onPartHeader(String name, String value) {
            headers.put(name.toLowerCase(Locale.ROOT), value);
        }

        @Override
        public void onPartHeaders() {
            if (failure != null) {
                return;
            }
            String disposition = headers.get("content-disposition");
            if (disposition == null) {
                fail(UploadRejectedException.badRequest("A multipart part has no Content-Disposition header."));
                return;
            }
            Map<String, String> parameters = new HashMap<>();
            HttpField.getValueParameters(disposition, parameters);
            partName = parameters.get("name");
            partFilename = parameters.get("filename");
            if (partName == null || partName.isEmpty()) {
                fail(UploadRejectedException.badRequest("A multipart part has no field name."));
                return;
            }
            if ("content".equals(partName)) {
                if (seenContent) {
                    fail(UploadRejectedException.badRequest("'content' has invalid data"));
                    return;
                }
                seenContent = true;
                if (partFilename == null) {
                    // A 'content' field without a filename is not a file: pypi.org says the payload has no file.
                    discardPart = true;
                    return;
                }
                startContent();
            } else if (partFilename != null) {
                // Only content and gpg_signature may be files; pypi.org answers "<field>: Should not be a tuple."
                if (!SIGNATURE_FIELD.equals(partName)) {
                    fieldsSentAsFiles.add(partName);
                }
                discardPart = true;
            } else {
                text = new ByteArrayOutputStream();
            }
        }

        private void startContent() {
            isContent = true;
            contentFilename = partFilename;
            contentType = Optional.ofNullable(headers.get("content-type"))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty());
            digester = new StreamingDigester();
            try {
                stagedFile = Files.createTempFile(stagingDirectory, "upload-", ".part");
                channel = FileChannel.open(stagedFile, StandardOpenOption.WRITE);
            } catch (IOException e) {
                fail(stagingFailed(e));
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void onPartContent(Content.Chunk chunk) {
            try {
                if (failure != null || discardPart) {
                    return;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int length = bytes.remaining();
                if (isContent) {
                    contentSize += length;
                    if (contentSize > maxFileSize) {
                        fail(UploadRejectedException.badRequest(sizeLimitMessage.apply(fields)));
                        return;
                    }
                    digester.update(bytes);
                    ByteBuffer view = bytes.slice();
                    while (view.hasRemaining()) {
                        channel.write(view);
                    }
                } else {
                    fieldBytes += length;
                    if (text.size() + length > MAX_FIELD_BYTES || fieldBytes > MAX_FIELDS_TOTAL_BYTES) {
                        fail(new UploadRejectedException(
                                Refusal.BAD_REQUEST,
                                "'" + partName + "' has invalid data: the form field is larger than "
                                        + (MAX_FIELD_BYTES / 1024) + " KiB"));
                        return;
                    }
                    byte[] copy = new byte[length];
                    bytes.slice().get(copy);
                    text.write(copy, 0, length);
                }
            } catch (IOException e) {
                fail(stagingFailed(e));
            }
            // The chunk slices our own read buffer and is not retained, so there is nothing to release.
        }

        @Override
        public void onPartEnd() {
            if (failure != null) {
                return;
            }
            if (isContent) {
                closeChannel();
                staged = new StagedContent(stagedFile, contentFilename, contentType, contentSize, digester.finish());
            } else if (text != null) {
                fields.add(new FormField(partName, text.toString(StandardCharsets.UTF_8)));
            }
        }

        @Override
        public void onComplete() {
            complete = true;
        }

        @Override
        public void onFailure(Throwable cause) {
            fail(UploadRejectedException.badRequest("Malformed multipart body: " + safe(cause.getMessage())));
        }

        /**
         * Staging failed on our side, never the client's: a full disk is 507 with one log line naming
         * the directory; anything else is an unexpected failure (500, logged with its stack trace).
         */
        private RuntimeException stagingFailed(IOException e) {
            if (StorageFull.causedBy(e)) {
                LOG.error(
                        "Upload refused: no space left in the staging directory {} ({})",
                        stagingDirectory,
                        e.getMessage());
                return new UploadRejectedException(
                        Refusal.INSUFFICIENT_STORAGE,
                        "The index has no space left to store this upload; try again later, and tell its administrator");
            }
            return new java.io.UncheckedIOException("Could not write the staging file in " + stagingDirectory, e);
        }

        private void fail(RuntimeException exception) {
            if (failure == null) {
                failure = exception;
            }
        }

        private void closeChannel() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the file is discarded or re-read later, which would fail loudly
                }
                channel = null;
            }
        }

        private static String safe(String message) {
            if (message == null) {
                return "unreadable part";
            }
            String flat = message.replaceAll("[\\r\\n\\t]", " ");
            return flat.length() > 200 ? flat.substring(0, 200) : flat;
        }
    }
}
