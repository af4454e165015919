package dev.wharf.distributions;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads METADATA/PKG-INFO files. The core-metadata spec defines the format as "what the standard
 * library email.parser module can parse using the compat32 policy", serialised as UTF-8; this
 * follows that parser's rules where they matter:
 *
 * <ul>
 *   <li>a header line is {@code Name: value}, the name being printable ASCII without {@code :};
 *   <li>a line starting with a space or tab continues the previous header;
 *   <li>the first empty line ends the headers, and everything after it is the body, which is the
 *       Description (spec 2.1+; accepted for older files too, as packaging does);
 *   <li>a line that is neither ends the headers too and starts the body (compat32's
 *       "missing header/body separator" recovery).
 * </ul>
 *
 * Continuation lines of most headers are unfolded into one line joined by a single space. The
 * multi-line Description and License headers of pre-2.1 files keep their line breaks, with the
 * indentation setuptools and distutils add removed: eight spaces, or spaces and a {@code |}.
 *
 * <p>Limits, because the file comes from an uploaded archive: at most {@value #MAX_BYTES} bytes,
 * at most {@value #MAX_HEADER_FIELDS} header fields, and at most {@value #MAX_HEADER_CHARS}
 * characters per header value (Description and License, which legacy files use for whole
 * documents, are bounded only by the file size). A continuation line is part of its header, not a
 * header of its own: a legacy Description header can span thousands of lines.
 *
 * <p>Not handled: RFC 2047 encoded words ({@code =?utf-8?...?=}), which no current build tool
 * writes; they are kept as literal text.
 */
final class MetadataFileParser {
    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_HEADER_FIELDS = 1000;
    static final int MAX_HEADER_CHARS = 64 * 1024;

    private static final Pattern HEADER = Pattern.compile("([\\x21-\\x39\\x3b-\\x7e]+):(.*)");
    private static final Pattern LEGACY_BAR_INDENT = Pattern.compile("^ {0,7}\\|");

    private MetadataFileParser() {}

    private record Header(String name, String firstLine, List<String> continuations) {}

    static CoreMetadata parse(byte[] file) {
        if (file.length > MAX_BYTES) {
            throw new InvalidMetadataException(
                    "The metadata file is larger than the limit of " + MAX_BYTES + " bytes.");
        }
        List<String> lines = lines(decode(file));
        List<Header> headers = new ArrayList<>();
        int bodyStart = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                bodyStart = i + 1;
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (headers.isEmpty()) {
                    throw new InvalidMetadataException(
                            "The metadata file starts with an indented line; expected a 'Name: value' header.");
                }
                headers.getLast().continuations().add(line);
                continue;
            }
            var m = HEADER.matcher(line);
            if (!m.matches()) {
                bodyStart = i;
                break;
            }
            if (headers.size() == MAX_HEADER_FIELDS) {
                throw new InvalidMetadataException(
                        "The metadata file has more than " + MAX_HEADER_FIELDS + " header fields.");
            }
            headers.add(new Header(m.group(1), m.group(2), new ArrayList<>()));
        }

        CoreMetadata.Builder builder = CoreMetadata.builder();
        for (Header header : headers) {
            Optional<MetadataField> field = MetadataField.byHeader(header.name());
            if (field.isEmpty()) {
                continue; // unknown headers are ignored, as the spec asks of consumers
            }
            MetadataField f = field.get();
            String value = value(f, header);
            if (value.length() > MAX_HEADER_CHARS && f != MetadataField.DESCRIPTION && f != MetadataField.LICENSE) {
                throw new InvalidMetadataException("The metadata header '" + header.name()
                        + "' is longer than the limit of " + MAX_HEADER_CHARS + " characters.");
            }
            if (!f.multipleUse() && builder.has(f)) {
                // packaging moves a repeated single-use field to "unparsed", which pypi.org reports so.
                throw invalidData(header.name().toLowerCase(Locale.ROOT));
            }
            builder.put(f, value);
        }

        String body = String.join("\n", lines.subList(Math.min(bodyStart, lines.size()), lines.size()));
        if (!body.isBlank()) {
            if (builder.has(MetadataField.DESCRIPTION)) {
                throw invalidData("description"); // both a Description header and a body
            }
            builder.put(MetadataField.DESCRIPTION, body);
        }
        CoreMetadata metadata = builder.build();
        if (metadata.projectUrlMap().size() != metadata.projectUrls().size()) {
            throw invalidData("project-url"); // packaging refuses repeated labels
        }
        return metadata;
    }

    private static InvalidMetadataException invalidData(String key) {
        return new InvalidMetadataException(MetadataValidator.withSpecLink(PythonRepr.of(key) + " has invalid data"));
    }

    private static String value(MetadataField field, Header header) {
        String first = header.firstLine().stripLeading();
        if (header.continuations().isEmpty()) {
            return first.stripTrailing();
        }
        StringBuilder out = new StringBuilder(first.stripTrailing());
        boolean multiline = field == MetadataField.DESCRIPTION || field == MetadataField.LICENSE;
        for (String line : header.continuations()) {
            if (multiline) {
                out.append('\n').append(dedent(line));
            } else if (!line.isBlank()) {
                out.append(' ').append(line.strip());
            }
        }
        return multiline ? out.toString().stripTrailing() : out.toString().strip();
    }

    /** Removes the indentation setuptools (eight spaces) or distutils (spaces then {@code |}) adds. */
    private static String dedent(String line) {
        if (line.startsWith("        ")) {
            return line.substring(8);
        }
        var bar = LEGACY_BAR_INDENT.matcher(line);
        if (bar.lookingAt()) {
            return line.substring(bar.end());
        }
        return line.substring(1);
    }

    private static String decode(byte[] file) {
        int offset =
                file.length >= 3 && (file[0] & 0xff) == 0xef && (file[1] & 0xff) == 0xbb && (file[2] & 0xff) == 0xbf
                        ? 3
                        : 0; // tolerate a UTF-8 byte order mark
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file, offset, file.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidMetadataException(
                    "The metadata file is not valid UTF-8, which the core metadata specification requires.");
        }
    }

    /** Splits on CRLF, LF or CR, as the email parser does; no trailing empty line for a final newline. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
