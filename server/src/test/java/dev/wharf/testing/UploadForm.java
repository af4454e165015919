package dev.wharf.testing;

import dev.wharf.distributions.FileDigests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A {@code POST /legacy/} form as twine sends it, turned into multipart bytes.
 * Correct md5, sha256 and BLAKE2b-256 digests of the content are computed when the body is built,
 * unless a test replaced or removed them. Knobs break one thing at a time: omit or repeat a field,
 * move a field after the content, send a field as a file part, change the content part's type.
 */
public final class UploadForm {
    private static final String BOUNDARY = "wharf-test-boundary-7f3a9c";

    private record Field(String name, Function<FileDigests, String> value, boolean asFile, boolean afterContent) {}

    private final List<Field> fields = new ArrayList<>();
    private byte[] content;
    private String filename;
    private String contentType = "application/octet-stream";
    private boolean withContent = true;

    private UploadForm(String filename, byte[] content) {
        this.filename = filename;
        this.content = content;
        add(":action", "file_upload");
        add("protocol_version", "1");
        fields.add(new Field("md5_digest", FileDigests::md5, false, false));
        fields.add(new Field("sha256_digest", FileDigests::sha256, false, false));
        fields.add(new Field("blake2_256_digest", FileDigests::blake2b256, false, false));
    }

    /** A form for an sdist: filetype sdist, pyversion source, metadata from the given name and version. */
    public static UploadForm sdist(String name, String version, TestDistributions.Sdist sdist) {
        return new UploadForm(sdist.filename(), sdist.bytes())
                .metadata(name, version)
                .set("filetype", "sdist")
                .set("pyversion", "source");
    }

    public static UploadForm sdist(String name, String version) {
        return sdist(name, version, TestDistributions.sdist(name, version));
    }

    /** A form for a wheel: filetype bdist_wheel, pyversion py3. */
    public static UploadForm wheel(String name, String version, TestDistributions.Wheel wheel) {
        return new UploadForm(wheel.filename(), wheel.bytes())
                .metadata(name, version)
                .set("filetype", "bdist_wheel")
                .set("pyversion", "py3");
    }

    public static UploadForm wheel(String name, String version) {
        return wheel(name, version, TestDistributions.wheel(name, version));
    }

    private UploadForm metadata(String name, String version) {
        return set("metadata_version", "2.1")
                .set("name", name)
                .set("version", version)
                .set("summary", "A test distribution");
    }

    /** Replaces every occurrence of a field (or adds it). */
    public UploadForm set(String name, String value) {
        int at = indexOf(name);
        remove(name);
        Field field = new Field(name, d -> value, false, false);
        if (at >= 0 && at <= fields.size()) {
            fields.add(at, field);
        } else {
            fields.add(field);
        }
        return this;
    }

    /** Adds one more occurrence of a field (repeated fields are how multi-use metadata is sent). */
    public UploadForm add(String name, String value) {
        fields.add(new Field(name, d -> value, false, false));
        return this;
    }

    public UploadForm remove(String name) {
        fields.removeIf(f -> f.name.equals(name));
        return this;
    }

    /** Moves a field behind the content part (uv sends attestations after content). */
    public UploadForm afterContent(String name) {
        List<Field> moved = fields.stream()
                .filter(f -> f.name.equals(name))
                .map(f -> new Field(f.name, f.value, f.asFile, true))
                .toList();
        remove(name);
        fields.addAll(moved);
        return this;
    }

    /** Sends the field as a file part (with a filename), which only content and gpg_signature may be. */
    public UploadForm asFile(String name) {
        List<Field> moved = fields.stream()
                .filter(f -> f.name.equals(name))
                .map(f -> new Field(f.name, f.value, true, f.afterContent))
                .toList();
        remove(name);
        fields.addAll(moved);
        return this;
    }

    /** The content part's Content-Type; {@code null} sends none. */
    public UploadForm contentType(String contentType) {
        this.contentType = contentType;
        return this;
    }

    public UploadForm filename(String filename) {
        this.filename = filename;
        return this;
    }

    public String filename() {
        return filename;
    }

    /** Replaces the bytes; digests follow unless they were set explicitly. */
    public UploadForm content(byte[] content) {
        this.content = content;
        return this;
    }

    public byte[] content() {
        return content;
    }

    public UploadForm withoutContent() {
        this.withContent = false;
        return this;
    }

    /** The request's Content-Type header. */
    public String contentTypeHeader() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    public byte[] body() {
        FileDigests digests = FileDigests.of(content);
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 4096);
        for (Field field : fields) {
            if (!field.afterContent) {
                write(out, field, digests);
            }
        }
        if (withContent) {
            StringBuilder head = new StringBuilder("--" + BOUNDARY + "\r\n")
                    .append("Content-Disposition: form-data; name=\"content\"; filename=\"")
                    .append(quote(filename))
                    .append("\"\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        for (Field field : fields) {
            if (field.afterContent) {
                write(out, field, digests);
            }
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Field field, FileDigests digests) {
        String disposition = "Content-Disposition: form-data; name=\"" + quote(field.name) + "\""
                + (field.asFile ? "; filename=\"" + quote(field.name) + ".txt\"\r\nContent-Type: text/plain" : "");
        out.writeBytes(("--" + BOUNDARY + "\r\n" + disposition + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(field.value.apply(digests).getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    /** As urllib3 encodes form-data parameters (HTML5): backslash escaped, quote percent-encoded. */
    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "%22");
    }

    private int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The value a field will have, for assertions (digests resolved against the current content). */
    public String value(String name) {
        FileDigests digests = FileDigests.of(content);
        return fields.stream()
                .filter(f -> f.name.equals(name))
                .findFirst()
                .map(f -> f.value.apply(digests))
                .orElse(null);
    }

    @Override
    public String toString() {
        return filename + " "
                + fields.stream().map(f -> f.name).toList().toString().toLowerCase(Locale.ROOT);
    }
}
