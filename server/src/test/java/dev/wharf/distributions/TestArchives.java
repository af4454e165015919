package dev.wharf.distributions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Hand-written zip and tar writers for tests: every header field can be set or falsified, so
 * each refusal rule can be exercised with exactly one fault.
 */
final class TestArchives {
    static final String PREFIX = "demo-1.0.dist-info";
    static final String FILENAME = "demo-1.0-py3-none-any.whl";
    static final byte[] METADATA = utf8("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n");
    static final byte[] WHEEL = utf8("Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
    static final byte[] RECORD =
            utf8("demo/__init__.py,,\n" + PREFIX + "/METADATA,,\n" + PREFIX + "/WHEEL,,\n" + PREFIX + "/RECORD,,\n");

    private TestArchives() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The members of a minimal valid wheel, in order. */
    static Map<String, byte[]> wheelFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("demo/__init__.py", utf8("print('hello')\n".repeat(20)));
        files.put(PREFIX + "/METADATA", METADATA);
        files.put(PREFIX + "/WHEEL", WHEEL);
        files.put(PREFIX + "/RECORD", RECORD);
        return files;
    }

    /** A zip builder whose members start valid (DEFLATED, UTF-8 flag) and can be falsified. */
    static RawZip zip(Map<String, byte[]> files) {
        RawZip zip = new RawZip();
        files.forEach(zip::add);
        return zip;
    }

    static byte[] validWheel() {
        return zip(wheelFiles()).build();
    }

    static final class RawZip {
        final List<Member> members = new ArrayList<>();
        byte[] prefix = new byte[0];
        byte[] trailing = new byte[0];
        byte[] archiveComment = new byte[0];
        long centralOffsetDelta;
        boolean zip64End;
        int zip64RecordExtra; // bytes of "extensible data" in the ZIP64 end record

        Member add(String name, byte[] data) {
            Member m = new Member(utf8(name), data);
            members.add(m);
            return m;
        }

        Member last() {
            return members.get(members.size() - 1);
        }

        Member member(String name) {
            return members.stream()
                    .filter(m -> new String(m.name, StandardCharsets.UTF_8).equals(name))
                    .findFirst()
                    .orElseThrow();
        }

        byte[] build() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(prefix);
            long[] offsets = new long[members.size()];
            for (int i = 0; i < members.size(); i++) {
                Member m = members.get(i);
                m.prepare();
                offsets[i] = out.size() - prefix.length;
                if (m.centralOnlyAt >= 0) {
                    offsets[i] = offsets[m.centralOnlyAt];
                    continue;
                }
                ByteBuffer h = le(30);
                h.putInt(0x04034b50)
                        .putShort((short) 20)
                        .putShort((short) m.localFlags())
                        .putShort((short) m.localMethod())
                        .putShort((short) 0)
                        .putShort((short) 0x21)
                        .putInt((int) (m.localCrc != null ? m.localCrc : m.crc))
                        .putInt((int) m.compressed.length)
                        .putInt((int) m.size)
                        .putShort((short) m.localName().length)
                        .putShort((short) m.localExtra.length);
                out.writeBytes(h.array());
                out.writeBytes(m.localName());
                out.writeBytes(m.localExtra);
                out.writeBytes(m.compressed);
                if (m.dataDescriptor) {
                    ByteBuffer d = le(16);
                    d.putInt(0x08074b50)
                            .putInt((int) m.crc)
                            .putInt(m.compressed.length)
                            .putInt((int) m.size);
                    out.writeBytes(d.array());
                }
            }
            long centralStart = out.size() - prefix.length;
            int centralCount = 0;
            for (int i = 0; i < members.size(); i++) {
                Member m = members.get(i);
                if (m.localOnly) {
                    continue;
                }
                centralCount++;
                ByteBuffer h = le(46);
                h.putInt(0x02014b50)
                        .putShort((short) (0x0300 | 20))
                        .putShort((short) 20)
                        .putShort((short) m.flags)
                        .putShort((short) m.method)
                        .putShort((short) 0)
                        .putShort((short) 0x21)
                        .putInt((int) m.crc)
                        .putInt(m.compressed.length)
                        .putInt((int) m.size)
                        .putShort((short) m.name.length)
                        .putShort((short) m.centralExtra.length)
                        .putShort((short) m.comment.length)
                        .putShort((short) 0)
                        .putShort((short) 0)
                        .putInt((int) m.externalAttributes)
                        .putInt((int) offsets[i]);
                out.writeBytes(h.array());
                out.writeBytes(m.name);
                out.writeBytes(m.centralExtra);
                out.writeBytes(m.comment);
            }
            long centralSize = out.size() - prefix.length - centralStart;
            long centralOffset = centralStart + centralOffsetDelta;
            if (zip64End) {
                long eocd64At = out.size() - prefix.length;
                ByteBuffer r = le(56 + zip64RecordExtra);
                r.putInt(0x06064b50)
                        .putLong(44 + zip64RecordExtra)
                        .putShort((short) 45)
                        .putShort((short) 45)
                        .putInt(0)
                        .putInt(0)
                        .putLong(centralCount)
                        .putLong(centralCount)
                        .putLong(centralSize)
                        .putLong(centralOffset);
                out.writeBytes(r.array());
                ByteBuffer l = le(20);
                l.putInt(0x07064b50).putInt(0).putLong(eocd64At).putInt(1);
                out.writeBytes(l.array());
            }
            ByteBuffer e = le(22);
            e.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
            if (zip64End) {
                e.putShort((short) 0xFFFF).putShort((short) 0xFFFF).putInt(-1).putInt(-1);
            } else {
                e.putShort((short) centralCount)
                        .putShort((short) centralCount)
                        .putInt((int) centralSize)
                        .putInt((int) centralOffset);
            }
            e.putShort((short) archiveComment.length);
            out.writeBytes(e.array());
            out.writeBytes(archiveComment);
            out.writeBytes(trailing);
            return out.toByteArray();
        }
    }

    static final class Member {
        final byte[] name;
        byte[] data;
        int method = 8;
        int flags = 0x0800;
        Integer localFlagsOverride;
        Integer localMethodOverride;
        byte[] localNameOverride;
        Long localCrc;
        byte[] localExtra = new byte[0];
        byte[] centralExtra = new byte[0];
        byte[] comment = new byte[0];
        long externalAttributes = 0100644L << 16;
        boolean dataDescriptor;
        boolean localOnly;
        int centralOnlyAt = -1; // central record pointing at member #i's local header
        Long declaredSize; // lie about the uncompressed size (both headers)
        byte[] precompressed; // raw deflate stream to use as-is
        long precomputedCrc;
        long precomputedSize;

        long crc;
        long size;
        byte[] compressed;

        Member(byte[] name, byte[] data) {
            this.name = name;
            this.data = data;
        }

        Member stored() {
            method = 0;
            return this;
        }

        int localFlags() {
            return localFlagsOverride != null ? localFlagsOverride : flags;
        }

        int localMethod() {
            return localMethodOverride != null ? localMethodOverride : method;
        }

        byte[] localName() {
            return localNameOverride != null ? localNameOverride : name;
        }

        void prepare() {
            if (precompressed != null) {
                compressed = precompressed;
                crc = precomputedCrc;
                size = precomputedSize;
            } else {
                CRC32 c = new CRC32();
                c.update(data);
                crc = c.getValue();
                size = data.length;
                compressed = method == 8 ? deflate(data) : data;
            }
            if (declaredSize != null) {
                size = declaredSize;
            }
        }
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Raw-deflates {@code size} zero bytes without holding them; sets the member's data. */
    static void zeros(Member m, long size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[1024 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            for (long done = 0; done < size; done += chunk.length) {
                int n = (int) Math.min(chunk.length, size - done);
                crc.update(chunk, 0, n);
                deflater.setInput(chunk, 0, n);
                while (!deflater.needsInput()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        m.precompressed = out.toByteArray();
        m.precomputedCrc = crc.getValue();
        m.precomputedSize = size;
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---------------------------------------------------------------- tar

    /** A tar writer (ustar headers by hand) so sparse, PAX and link members can be crafted. */
    static final class RawTar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        RawTar file(String name, byte[] data) {
            return entry(name, '0', data, "");
        }

        RawTar dir(String name) {
            return entry(name, '5', new byte[0], "");
        }

        RawTar symlink(String name, String target) {
            return entry(name, '2', new byte[0], target);
        }

        RawTar hardlink(String name, String target) {
            return entry(name, '1', new byte[0], target);
        }

        /** A PAX extended header ({@code x}) applying to the next member. */
        RawTar pax(Map<String, String> records) {
            StringBuilder body = new StringBuilder();
            records.forEach((k, v) -> {
                String rest = " " + k + "=" + v + "\n";
                int length = rest.length() + 1;
                while (Integer.toString(length).length() + rest.length() != length) {
                    length++;
                }
                body.append(length).append(rest);
            });
            return entry("PaxHeaders/x", 'x', utf8(body.toString()), "");
        }

        RawTar entry(String name, char type, byte[] data, String link) {
            return raw(header(name, type, data.length, link), data);
        }

        RawTar raw(byte[] header, byte[] data) {
            out.writeBytes(header);
            out.writeBytes(data);
            int pad = (512 - data.length % 512) % 512;
            out.writeBytes(new byte[pad]);
            return this;
        }

        /** Ends the archive with two zero blocks. */
        byte[] tar() {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(out.toByteArray());
            copy.writeBytes(new byte[1024]);
            return copy.toByteArray();
        }

        byte[] tarGz() {
            return gzip(tar());
        }
    }

    static byte[] header(String name, char type, long size, String link) {
        byte[] h = new byte[512];
        put(h, 0, 100, utf8(name));
        put(h, 100, 8, utf8(type == '5' ? "0000755\0" : "0000644\0"));
        put(h, 108, 8, utf8("0001750\0"));
        put(h, 116, 8, utf8("0001750\0"));
        put(h, 124, 12, utf8(String.format("%011o", size) + "\0"));
        put(h, 136, 12, utf8(String.format("%011o", 1_700_000_000L) + "\0"));
        h[156] = (byte) type;
        put(h, 157, 100, utf8(link));
        put(h, 257, 8, utf8("ustar\u000000"));
        put(h, 265, 32, utf8("user"));
        put(h, 297, 32, utf8("user"));
        checksum(h);
        return h;
    }

    static void checksum(byte[] h) {
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, 8, utf8(String.format("%06o", sum) + "\0 "));
    }

    private static void put(byte[] h, int at, int length, byte[] value) {
        if (value.length > length) {
            throw new IllegalArgumentException("field too long");
        }
        System.arraycopy(value, 0, h, at, value.length);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static final byte[] PKG_INFO = utf8("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n");

    /** A minimal valid sdist tar (not yet gzipped). */
    static RawTar sdist() {
        return new RawTar()
                .dir("demo-1.0/")
                .file("demo-1.0/PKG-INFO", PKG_INFO)
                .file("demo-1.0/LICENSE", utf8("MIT\n"))
                .dir("demo-1.0/src/")
                .file("demo-1.0/src/demo.py", utf8("x = 1\n"));
    }
}
