package dev.wharf.distributions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Our own reader of a zip file's record framing (PKWARE APPNOTE.TXT 4.3), used instead of
 * {@link java.util.zip.ZipFile} so that we can refuse every archive that two zip parsers could
 * read differently. pypi.org does the same in {@code warehouse/utils/zipfiles.py}: a parser that
 * trusts the central directory (pip, Python's {@code zipfile}, {@code ZipFile}) and one that
 * streams local file headers (some installers, scanners) must see the same members with the same
 * bytes, so we require local headers that are contiguous from offset 0, each one named in the
 * central directory at exactly the offset it occupies, with the same method, sizes and CRC, no
 * data descriptors, no duplicates, no per-entry comments, no trailing data.
 *
 * <p>Parsing happens in two phases so that {@link WheelReader} can report problems in
 * pypi.org's order: {@link #open} reads the end records and the central directory (framing
 * only); {@link #validateRecords} applies the per-entry and local-header rules. Nothing is ever
 * read into memory beyond one central directory record, one local header and, in
 * {@link #readMember}, at most the caller's cap of decompressed bytes.
 */
final class ZipStructure {
    private static final int SIG_LOCAL = 0x04034b50;
    private static final int SIG_CENTRAL = 0x02014b50;
    private static final int SIG_EOCD = 0x06054b50;
    private static final int SIG_EOCD64 = 0x06064b50;
    private static final int SIG_EOCD64_LOCATOR = 0x07064b50;

    private static final int EOCD_SIZE = 22;
    private static final int EOCD64_SIZE = 56;
    private static final int EOCD64_LOCATOR_SIZE = 20;
    private static final int CENTRAL_HEADER_SIZE = 46;
    private static final int LOCAL_HEADER_SIZE = 30;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final long U32_MAX = 0xFFFFFFFFL;

    private static final int EXTRA_ZIP64 = 0x0001;
    private static final int EXTRA_UNICODE_PATH = 0x7075;

    private static final int FLAG_ENCRYPTED = 0x0001;
    private static final int FLAG_DATA_DESCRIPTOR = 0x0008;
    private static final int FLAG_UTF8 = 0x0800;

    static final int METHOD_STORED = 0;
    static final int METHOD_DEFLATED = 8;

    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;

    /** No real wheel has a member path this long; bounds memory per name. */
    static final int MAX_NAME_BYTES = 4096;

    /** Bounds the memory all names of one archive may take, whatever maxEntries says. */
    private static final long MAX_TOTAL_NAME_BYTES = 64L * 1024 * 1024;

    private final FileChannel channel;
    private final long fileSize;
    private final long centralDirectoryOffset;
    private final List<CentralEntry> entries;
    private final Map<String, CentralEntry> byName;

    private ZipStructure(FileChannel channel, long fileSize, long centralDirectoryOffset, List<CentralEntry> entries) {
        this.channel = channel;
        this.fileSize = fileSize;
        this.centralDirectoryOffset = centralDirectoryOffset;
        this.entries = entries;
        // First occurrence wins for lookups; duplicates are refused by validateRecords().
        Map<String, CentralEntry> map = new HashMap<>();
        for (CentralEntry e : entries) {
            if (e.name != null) {
                map.putIfAbsent(e.name, e);
            }
        }
        this.byName = map;
    }

    /** One central directory record, with ZIP64 values already applied. */
    static final class CentralEntry {
        final byte[] rawName;
        final String name; // null when rawName is not UTF-8
        final int versionMadeBy;
        final int flags;
        final int method;
        final long crc;
        final long compressedSize;
        final long uncompressedSize;
        final long localHeaderOffset;
        final int commentLength;
        final long externalAttributes;
        final byte[] unicodePath; // Info-ZIP Unicode Path extra, or null
        final String extraProblem; // why the extra field is malformed, or null
        long dataOffset = -1; // set by validateRecords()

        private CentralEntry(
                byte[] rawName,
                int versionMadeBy,
                int flags,
                int method,
                long crc,
                long compressedSize,
                long uncompressedSize,
                long localHeaderOffset,
                int commentLength,
                long externalAttributes,
                byte[] unicodePath,
                String extraProblem) {
            this.rawName = rawName;
            this.name = decodeUtf8(rawName);
            this.versionMadeBy = versionMadeBy;
            this.flags = flags;
            this.method = method;
            this.crc = crc;
            this.compressedSize = compressedSize;
            this.uncompressedSize = uncompressedSize;
            this.localHeaderOffset = localHeaderOffset;
            this.commentLength = commentLength;
            this.externalAttributes = externalAttributes;
            this.unicodePath = unicodePath;
            this.extraProblem = extraProblem;
        }
    }

    /**
     * Whether the file ends like a zip archive: an End Of Central Directory signature whose record
     * fits in the file, found where Python's {@code zipfile.is_zipfile} looks (the last 64 KiB + 22
     * bytes). Used for pypi.org's "File is not a zipfile" and "File is both a zip and a tar file".
     */
    static boolean looksLikeZip(FileChannel channel) throws IOException {
        return locateEocd(channel, channel.size()) >= 0;
    }

    private static long locateEocd(FileChannel channel, long size) throws IOException {
        if (size < EOCD_SIZE) {
            return -1;
        }
        int tailLength = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
        long tailStart = size - tailLength;
        ByteBuffer tail = readAt(channel, tailStart, tailLength);
        for (int i = tailLength - EOCD_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == SIG_EOCD) {
                return tailStart + i;
            }
        }
        return -1;
    }

    /**
     * Reads the end records and the central directory. Refuses what no zip parser could agree on:
     * no end record ("File is not a zipfile"), trailing data, multi-disk archives, ZIP64
     * extensible data, a central directory that is not exactly where the end record says.
     */
    static ZipStructure open(FileChannel channel, ArchiveLimits limits) throws IOException {
        long size = channel.size();
        long eocd = locateEocd(channel, size);
        if (eocd < 0) {
            throw InvalidDistributionException.of("File is not a zipfile");
        }
        ByteBuffer end = readAt(channel, eocd, EOCD_SIZE);
        int disk = u16(end, 4);
        int centralDisk = u16(end, 6);
        long entriesOnDisk = u16(end, 8);
        long entryCount = u16(end, 10);
        long centralSize = u32(end, 12);
        long centralOffset = u32(end, 16);
        int commentLength = u16(end, 20);
        // An archive comment is allowed (pypi.org skips it), but nothing may follow it: bytes
        // after the end record are how concatenated archives hide a second member list.
        if (eocd + EOCD_SIZE + commentLength != size) {
            throw InvalidDistributionException.zipNotAccepted("Trailing data");
        }
        long centralEnd = eocd;
        if (eocd >= EOCD64_LOCATOR_SIZE
                && readAt(channel, eocd - EOCD64_LOCATOR_SIZE, 4).getInt(0) == SIG_EOCD64_LOCATOR) {
            ByteBuffer locator = readAt(channel, eocd - EOCD64_LOCATOR_SIZE, EOCD64_LOCATOR_SIZE);
            long eocd64 = locator.getLong(8);
            long locatorAt = eocd - EOCD64_LOCATOR_SIZE;
            if (eocd64 < 0
                    || eocd64 > locatorAt - EOCD64_SIZE
                    || readAt(channel, eocd64, 4).getInt(0) != SIG_EOCD64) {
                throw malformed();
            }
            ByteBuffer record = readAt(channel, eocd64, EOCD64_SIZE);
            if (record.getLong(4) != EOCD64_SIZE - 12) {
                throw InvalidDistributionException.zipNotAccepted("ZIP64 extensible data not allowed");
            }
            // The ZIP64 end record must sit directly before its locator.
            if (eocd64 + EOCD64_SIZE != locatorAt) {
                throw malformed();
            }
            long expected = eocd64;
            disk = record.getInt(16);
            centralDisk = record.getInt(20);
            entriesOnDisk = record.getLong(24);
            entryCount = record.getLong(32);
            centralSize = record.getLong(40);
            centralOffset = record.getLong(48);
            centralEnd = expected;
        }
        if (disk != 0 || centralDisk != 0 || entriesOnDisk != entryCount) {
            throw malformed();
        }
        if (entryCount < 0 || entryCount > limits.maxEntries()) {
            throw InvalidDistributionException.zipNotAccepted(
                    "Too many entries (the limit is " + limits.maxEntries() + ")");
        }
        if (centralSize < 0
                || centralOffset < 0
                || centralOffset > centralEnd
                || centralEnd - centralOffset != centralSize) {
            throw InvalidDistributionException.zipNotAccepted("Mismatched central directory offset");
        }
        List<CentralEntry> entries = readCentralDirectory(channel, centralOffset, centralEnd, (int) entryCount);
        return new ZipStructure(channel, size, centralOffset, Collections.unmodifiableList(entries));
    }

    private static List<CentralEntry> readCentralDirectory(FileChannel channel, long start, long end, int count)
            throws IOException {
        List<CentralEntry> entries = new ArrayList<>(Math.min(count, 4096));
        long position = start;
        long nameBytes = 0;
        for (int i = 0; i < count; i++) {
            if (end - position < CENTRAL_HEADER_SIZE) {
                throw InvalidDistributionException.zipNotAccepted("Mismatched central directory records");
            }
            ByteBuffer header = readAt(channel, position, CENTRAL_HEADER_SIZE);
            if (header.getInt(0) != SIG_CENTRAL) {
                throw InvalidDistributionException.zipNotAccepted("Mismatched central directory records");
            }
            int nameLength = u16(header, 28);
            int extraLength = u16(header, 30);
            int commentLength = u16(header, 32);
            long recordLength = (long) CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
            if (end - position < recordLength) {
                throw malformed();
            }
            if (nameLength > MAX_NAME_BYTES) {
                throw InvalidDistributionException.zipNotAccepted("Filename longer than " + MAX_NAME_BYTES + " bytes");
            }
            nameBytes += nameLength;
            if (nameBytes > MAX_TOTAL_NAME_BYTES) {
                throw InvalidDistributionException.zipNotAccepted("Filenames too long in total");
            }
            byte[] name = bytes(readAt(channel, position + CENTRAL_HEADER_SIZE, nameLength));
            ByteBuffer extra = readAt(channel, position + CENTRAL_HEADER_SIZE + nameLength, extraLength);

            long compressed = u32(header, 20);
            long uncompressed = u32(header, 24);
            long localOffset = u32(header, 42);
            ExtraFields extras = ExtraFields.parse(extra, "central directory");
            // APPNOTE 4.5.3: the ZIP64 extra holds, in this order, only the fields whose 32-bit
            // value is the 0xFFFFFFFF placeholder.
            if (extras.problem == null && extras.zip64 != null) {
                ByteBuffer z = extras.zip64;
                int at = 0;
                try {
                    if (uncompressed == U32_MAX) {
                        uncompressed = z.getLong(at);
                        at += 8;
                    }
                    if (compressed == U32_MAX) {
                        compressed = z.getLong(at);
                        at += 8;
                    }
                    if (localOffset == U32_MAX) {
                        localOffset = z.getLong(at);
                    }
                } catch (IndexOutOfBoundsException e) {
                    throw malformed();
                }
            }
            if (compressed < 0 || uncompressed < 0 || localOffset < 0) {
                throw malformed();
            }
            entries.add(new CentralEntry(
                    name,
                    u16(header, 4),
                    u16(header, 8),
                    u16(header, 10),
                    u32(header, 16),
                    compressed,
                    uncompressed,
                    localOffset,
                    commentLength,
                    u32(header, 38),
                    extras.unicodePath,
                    extras.problem));
            position += recordLength;
        }
        if (position != end) {
            throw InvalidDistributionException.zipNotAccepted("Mismatched central directory size");
        }
        return entries;
    }

    /** Sum of the uncompressed sizes the central directory declares, saturating at Long.MAX_VALUE. */
    long declaredUncompressedTotal() {
        long total = 0;
        for (CentralEntry e : entries) {
            total += e.uncompressedSize;
            if (total < 0) {
                return Long.MAX_VALUE;
            }
        }
        return total;
    }

    long fileSize() {
        return fileSize;
    }

    List<CentralEntry> entries() {
        return entries;
    }

    Optional<CentralEntry> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every member name (undecodable names are refused by validateRecords). */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (CentralEntry e : entries) {
            if (e.name != null) {
                names.add(e.name);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * The per-entry rules and the local-header walk. The texts in quotes are pypi.org's
     * ({@code zipfiles.py}); the others are ours for rules pypi.org does not have (path
     * traversal, symbolic links, encryption), written in the same style.
     */
    void validateRecords() throws IOException {
        Set<String> centralNames = new HashSet<>();
        for (CentralEntry e : entries) {
            if (e.commentLength != 0) {
                throw InvalidDistributionException.zipNotAccepted("Comment in central directory");
            }
            if (hasUnprintable(e.rawName)) {
                throw InvalidDistributionException.zipNotAccepted("Invalid character in filename");
            }
            checkExtras(e.extraProblem, e.unicodePath, e.rawName);
            if (e.name == null) {
                throw InvalidDistributionException.zipNotAccepted("Filename not unicode");
            }
            // Python's zipfile (used by pip) decodes a name as CP437 unless flag bit 11 says UTF-8;
            // we read UTF-8. Only ASCII names read the same both ways.
            if ((e.flags & FLAG_UTF8) == 0 && !isAscii(e.rawName)) {
                throw InvalidDistributionException.zipNotAccepted("Non-ASCII filename without the UTF-8 flag");
            }
            if (!centralNames.add(e.name)) {
                throw InvalidDistributionException.zipNotAccepted("Duplicate filename in central directory");
            }
            checkPath(e.name);
            if ((e.flags & FLAG_ENCRYPTED) != 0) {
                throw InvalidDistributionException.zipNotAccepted("Encrypted entries are not allowed");
            }
            if ((e.flags & FLAG_DATA_DESCRIPTOR) != 0) {
                throw InvalidDistributionException.zipNotAccepted("ZIP contains a data descriptor");
            }
            // The upper 16 bits of the external attributes carry the Unix mode (written by
            // Info-ZIP and Python for host 3 = Unix). A link member would make an installer that
            // honours it write outside the target; wheels never need one.
            long mode = (e.externalAttributes >>> 16) & 0xFFFF;
            if ((mode & S_IFMT) == S_IFLNK) {
                throw InvalidDistributionException.zipNotAccepted("Symbolic links are not allowed");
            }
        }
        walkLocalHeaders();
    }

    private void walkLocalHeaders() throws IOException {
        Map<ByteKey, CentralEntry> byRawName = new HashMap<>();
        for (CentralEntry e : entries) {
            byRawName.put(new ByteKey(e.rawName), e);
        }
        Set<ByteKey> seen = new HashSet<>();
        long position = 0;
        while (position < centralDirectoryOffset) {
            if (centralDirectoryOffset - position < LOCAL_HEADER_SIZE) {
                throw malformed();
            }
            ByteBuffer header = readAt(channel, position, LOCAL_HEADER_SIZE);
            if (header.getInt(0) != SIG_LOCAL) {
                throw InvalidDistributionException.zipNotAccepted("Unknown record signature");
            }
            int flags = u16(header, 6);
            int method = u16(header, 8);
            long crc = u32(header, 14);
            long compressed = u32(header, 18);
            long uncompressed = u32(header, 22);
            int nameLength = u16(header, 26);
            int extraLength = u16(header, 28);
            long dataOffset = position + LOCAL_HEADER_SIZE + nameLength + extraLength;
            if (dataOffset > centralDirectoryOffset || nameLength > MAX_NAME_BYTES) {
                throw malformed();
            }
            byte[] name = bytes(readAt(channel, position + LOCAL_HEADER_SIZE, nameLength));
            if (hasUnprintable(name)) {
                throw InvalidDistributionException.zipNotAccepted("Invalid character in filename");
            }
            ExtraFields extras = ExtraFields.parse(
                    readAt(channel, position + LOCAL_HEADER_SIZE + nameLength, extraLength), "local file");
            checkExtras(extras.problem, extras.unicodePath, name);
            if (extras.zip64 != null) {
                ByteBuffer z = extras.zip64;
                int length = z.remaining();
                if (length != 0 && length != 8 && length != 16 && length != 24 && length != 28) {
                    throw malformed();
                }
                int at = 0;
                if (uncompressed == U32_MAX) {
                    if (length < at + 8) {
                        throw malformed();
                    }
                    uncompressed = z.getLong(at);
                    at += 8;
                }
                if (compressed == U32_MAX) {
                    if (length < at + 8) {
                        throw malformed();
                    }
                    compressed = z.getLong(at);
                }
            }
            if ((flags & FLAG_DATA_DESCRIPTOR) != 0) {
                throw InvalidDistributionException.zipNotAccepted("ZIP contains a data descriptor");
            }
            ByteKey key = new ByteKey(name);
            CentralEntry central = byRawName.get(key);
            if (central == null) {
                throw InvalidDistributionException.zipNotAccepted("Filename not in central directory");
            }
            if (central.compressedSize != compressed) {
                throw InvalidDistributionException.zipNotAccepted("Mis-matched data size");
            }
            if (central.uncompressedSize != uncompressed) {
                throw InvalidDistributionException.zipNotAccepted("Mis-matched file size");
            }
            if (!seen.add(key)) {
                throw InvalidDistributionException.zipNotAccepted("Duplicate filename in local headers");
            }
            if (central.localHeaderOffset != position) {
                throw InvalidDistributionException.zipNotAccepted("Mismatched central directory offset");
            }
            if (central.method != method) {
                throw InvalidDistributionException.zipNotAccepted("Mis-matched compression method");
            }
            if (central.crc != crc) {
                throw InvalidDistributionException.zipNotAccepted("Mis-matched CRC-32");
            }
            if ((flags & FLAG_ENCRYPTED) != 0) {
                throw InvalidDistributionException.zipNotAccepted("Encrypted entries are not allowed");
            }
            if (compressed < 0 || compressed > centralDirectoryOffset - dataOffset) {
                throw malformed();
            }
            central.dataOffset = dataOffset;
            position = dataOffset + compressed;
        }
        if (position != centralDirectoryOffset) {
            throw malformed();
        }
        if (seen.size() != entries.size()) {
            throw InvalidDistributionException.zipNotAccepted("Missing filename in local headers");
        }
    }

    private static void checkExtras(String problem, byte[] unicodePath, byte[] rawName) {
        if (problem != null) {
            throw InvalidDistributionException.zipNotAccepted(problem);
        }
        if (unicodePath != null) {
            if (hasUnprintable(unicodePath)) {
                throw InvalidDistributionException.zipNotAccepted("Invalid character in filename");
            }
            if (decodeUtf8(unicodePath) == null) {
                throw InvalidDistributionException.zipNotAccepted("Filename not valid UTF-8");
            }
            // Info-ZIP's unzip prefers this name over the header's; a different name would be a
            // second view of the archive.
            if (!Arrays.equals(unicodePath, rawName)) {
                throw InvalidDistributionException.zipNotAccepted("Unicode path extra field differs from filename");
            }
        }
    }

    /**
     * Member paths must stay inside the install target whatever the installer: no backslash
     * (a separator on Windows), no absolute path or drive letter, no {@code ..} segment.
     */
    private static void checkPath(String name) {
        if (name.indexOf('\\') >= 0) {
            throw InvalidDistributionException.zipNotAccepted("Backslash in filename");
        }
        if (name.startsWith("/") || (name.length() >= 2 && name.charAt(1) == ':')) {
            throw InvalidDistributionException.zipNotAccepted("Absolute path in filename");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                throw InvalidDistributionException.zipNotAccepted("Path traversal ('..') in filename");
            }
        }
    }

    /**
     * Decompresses one validated member, producing at most {@code cap} bytes. Returns
     * {@code null} if the member holds more than {@code cap} bytes; the declared sizes are never
     * trusted for allocation, and a member whose actual bytes differ from its declared size or
     * CRC-32 is refused.
     */
    byte[] readMember(CentralEntry entry, int cap) throws IOException {
        if (entry.dataOffset < 0) {
            throw new IllegalStateException("validateRecords() must run before readMember()");
        }
        if (entry.uncompressedSize > cap) {
            return null;
        }
        GrowableBytes out = new GrowableBytes(cap);
        long remaining = entry.compressedSize;
        long position = entry.dataOffset;
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(64 * 1024, Math.max(1, remaining)));
        if (entry.method == METHOD_STORED) {
            while (remaining > 0) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), remaining));
                int n = readFullyAt(channel, chunk, position);
                if (!out.write(chunk.array(), 0, n)) {
                    return null;
                }
                position += n;
                remaining -= n;
            }
        } else if (entry.method == METHOD_DEFLATED) {
            Inflater inflater = new Inflater(true);
            try {
                byte[] buffer = new byte[64 * 1024];
                while (!inflater.finished()) {
                    if (inflater.needsInput()) {
                        if (remaining == 0) {
                            throw memberCorrupt(entry);
                        }
                        chunk.clear().limit((int) Math.min(chunk.capacity(), remaining));
                        int n = readFullyAt(channel, chunk, position);
                        position += n;
                        remaining -= n;
                        inflater.setInput(chunk.array(), 0, n);
                    }
                    int produced = inflater.inflate(buffer);
                    if (produced == 0 && inflater.needsDictionary()) {
                        throw memberCorrupt(entry);
                    }
                    if (!out.write(buffer, 0, produced)) {
                        return null;
                    }
                }
            } catch (DataFormatException e) {
                throw memberCorrupt(entry);
            } finally {
                inflater.end();
            }
        } else {
            throw InvalidDistributionException.of("File does not use a supported compression type");
        }
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.size());
        if (out.size() != entry.uncompressedSize || crc.getValue() != entry.crc) {
            throw memberCorrupt(entry);
        }
        return out.toByteArray();
    }

    private static InvalidDistributionException memberCorrupt(CentralEntry entry) {
        return InvalidDistributionException.zipNotAccepted(
                "Data of " + entry.name + " does not match its declared size and CRC-32");
    }

    private static InvalidDistributionException malformed() {
        return InvalidDistributionException.zipNotAccepted("Malformed zip file");
    }

    /** The two extra fields pypi.org interprets, plus any framing problem. */
    private record ExtraFields(ByteBuffer zip64, byte[] unicodePath, String problem) {
        static ExtraFields parse(ByteBuffer extra, String where) {
            ByteBuffer zip64 = null;
            byte[] unicodePath = null;
            Set<Integer> seen = new HashSet<>();
            int at = 0;
            int length = extra.limit();
            while (at < length) {
                if (length - at < 4) {
                    return new ExtraFields(null, null, "Malformed zip file");
                }
                int id = u16(extra, at);
                int size = u16(extra, at + 2);
                if (at + 4 + size > length) {
                    return new ExtraFields(null, null, "Malformed zip file");
                }
                boolean first = seen.add(id);
                if (!first && (id == EXTRA_ZIP64 || id == EXTRA_UNICODE_PATH)) {
                    return new ExtraFields(null, null, "Invalid duplicate extra in " + where);
                }
                if (id == EXTRA_ZIP64) {
                    zip64 = extra.slice(at + 4, size).order(ByteOrder.LITTLE_ENDIAN);
                } else if (id == EXTRA_UNICODE_PATH) {
                    // version (1 byte), CRC-32 of the header name (4 bytes), UTF-8 name.
                    if (size < 5) {
                        return new ExtraFields(null, null, "Malformed zip file");
                    }
                    unicodePath = new byte[size - 5];
                    extra.get(at + 9, unicodePath);
                }
                at += 4 + size;
            }
            return new ExtraFields(zip64, unicodePath, null);
        }
    }

    /** Byte-array key for exact name comparison between local and central records. */
    private record ByteKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** A byte buffer that refuses to grow past a cap (the actual-output bound of a member read). */
    private static final class GrowableBytes {
        private final int cap;
        private byte[] data = new byte[256];
        private int size;

        GrowableBytes(int cap) {
            this.cap = cap;
        }

        boolean write(byte[] source, int offset, int length) {
            if (length > cap - size) {
                return false;
            }
            if (size + length > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(cap, Math.max((long) data.length * 2, size + length)));
            }
            System.arraycopy(source, offset, data, size, length);
            size += length;
            return true;
        }

        byte[] array() {
            return data;
        }

        int size() {
            return size;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(data, size);
        }
    }

    static boolean hasUnprintable(byte[] name) {
        for (byte b : name) {
            if ((b & 0xFF) < 0x20 || b == 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(byte[] name) {
        for (byte b : name) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        readFullyAt(channel, buffer, position);
        return buffer.flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int readFullyAt(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                throw malformed();
            }
            total += n;
        }
        return total;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xFFFF;
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & U32_MAX;
    }
}
