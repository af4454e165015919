package dev.wharf.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Valid wheels and sdists built in the test, for uploads over real HTTP. Every member can be
 * replaced or removed, so each archive rule can be broken one at a time.
 *
 * <p>Wheels are written by hand rather than with {@code ZipOutputStream}: Wharf refuses zip data
 * descriptors (as pypi.org does), and {@code ZipOutputStream} writes one for every DEFLATED entry
 * whose sizes were not known up front. Here every local header carries its CRC and sizes.
 */
public final class TestDistributions {
    private TestDistributions() {}

    /** PEP 503 normalization, then '-' to '_': the name as it must start a wheel or sdist filename. */
    public static String escaped(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Core metadata with Metadata-Version 2.1, the given Name and Version, and a summary. */
    public static String metadata(String name, String version) {
        return "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\nSummary: A test distribution\n";
    }

    /** A pure-Python wheel {@code <escaped>-<version>-py3-none-any.whl} with METADATA, WHEEL and RECORD. */
    public static Wheel wheel(String name, String version) {
        return new Wheel(name, version);
    }

    /** A PEP 625 sdist {@code <escaped>-<version>.tar.gz} with {@code <escaped>-<version>/PKG-INFO}. */
    public static Sdist sdist(String name, String version) {
        return new Sdist(name, version);
    }

    public static final class Wheel {
        private final String distInfo;
        private final Map<String, byte[]> members = new LinkedHashMap<>();
        private final Map<String, Long> zeroMembers = new LinkedHashMap<>();
        private String filename;

        private Wheel(String name, String version) {
            String escaped = escaped(name);
            this.filename = escaped + "-" + version + "-py3-none-any.whl";
            this.distInfo = escaped + "-" + version + ".dist-info";
            members.put(escaped + "/__init__.py", utf8("VALUE = " + version.hashCode() + "\n"));
            members.put(distInfo + "/METADATA", utf8(TestDistributions.metadata(name, version)));
            members.put(
                    distInfo + "/WHEEL",
                    utf8("Wheel-Version: 1.0\nGenerator: wharf-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"));
            members.put(
                    distInfo + "/RECORD",
                    utf8(escaped + "/__init__.py,,\n" + distInfo + "/METADATA,,\n" + distInfo + "/WHEEL,,\n" + distInfo
                            + "/RECORD,,\n"));
        }

        public String filename() {
            return filename;
        }

        public Wheel filename(String filename) {
            this.filename = filename;
            return this;
        }

        public String distInfo() {
            return distInfo;
        }

        /** Replaces the METADATA text. */
        public Wheel metadata(String text) {
            members.put(distInfo + "/METADATA", utf8(text));
            return this;
        }

        public byte[] metadataBytes() {
            return members.get(distInfo + "/METADATA");
        }

        /** Adds or replaces a member. */
        public Wheel put(String path, byte[] data) {
            members.put(path, data);
            return this;
        }

        /** Removes the dist-info member with this name, e.g. {@code "RECORD"}. */
        public Wheel withoutDistInfo(String member) {
            members.remove(distInfo + "/" + member);
            return this;
        }

        /** Adds a DEFLATED member of {@code size} zero bytes, compressed without ever holding them. */
        public Wheel zeros(String path, long size) {
            zeroMembers.put(path, size);
            return this;
        }

        public byte[] bytes() {
            ZipWriter zip = new ZipWriter();
            members.forEach(zip::stored);
            zeroMembers.forEach(zip::deflatedZeros);
            return zip.finish();
        }
    }

    public static final class Sdist {
        private final Map<String, byte[]> members = new LinkedHashMap<>();
        private String top;
        private String filename;

        private Sdist(String name, String version) {
            String escaped = escaped(name);
            this.top = escaped + "-" + version;
            this.filename = top + ".tar.gz";
            members.put("PKG-INFO", utf8(TestDistributions.metadata(name, version)));
            members.put("setup.py", utf8("# " + version + "\n"));
            members.put("src/" + escaped + ".py", utf8("VALUE = 1\n"));
        }

        public String filename() {
            return filename;
        }

        public Sdist filename(String filename) {
            this.filename = filename;
            return this;
        }

        public String top() {
            return top;
        }

        /** Replaces PKG-INFO. */
        public Sdist pkgInfo(String text) {
            members.put("PKG-INFO", utf8(text));
            return this;
        }

        /** Adds or replaces a member below the top directory. */
        public Sdist put(String relativePath, byte[] data) {
            members.put(relativePath, data);
            return this;
        }

        public Sdist without(String relativePath) {
            members.remove(relativePath);
            return this;
        }

        private final List<String> extraTopLevel = new ArrayList<>();

        /** Adds a file outside the top directory, e.g. a second top-level directory. */
        public Sdist outside(String path) {
            extraTopLevel.add(path);
            return this;
        }

        public byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                TarArchiveEntry dir = new TarArchiveEntry(top + "/");
                tar.putArchiveEntry(dir);
                tar.closeArchiveEntry();
                for (Map.Entry<String, byte[]> member : members.entrySet()) {
                    file(tar, top + "/" + member.getKey(), member.getValue());
                }
                for (String path : extraTopLevel) {
                    file(tar, path, utf8("other\n"));
                }
                tar.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        private static void file(TarArchiveOutputStream tar, String path, byte[] data) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(path);
            entry.setSize(data.length);
            entry.setModTime(1_700_000_000_000L);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A minimal zip writer: local headers with CRC and sizes (no data descriptors), central directory, end record. */
    private static final class ZipWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream central = new ByteArrayOutputStream();
        private int count;

        void stored(String name, byte[] data) {
            CRC32 crc = new CRC32();
            crc.update(data);
            add(name, 0, crc.getValue(), data.length, data);
        }

        void deflatedZeros(String name, long size) {
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            CRC32 crc = new CRC32();
            byte[] chunk = new byte[1 << 20];
            byte[] buffer = new byte[1 << 16];
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try {
                for (long done = 0; done < size; done += chunk.length) {
                    int n = (int) Math.min(chunk.length, size - done);
                    crc.update(chunk, 0, n);
                    deflater.setInput(chunk, 0, n);
                    while (!deflater.needsInput()) {
                        compressed.write(buffer, 0, deflater.deflate(buffer));
                    }
                }
                deflater.finish();
                while (!deflater.finished()) {
                    compressed.write(buffer, 0, deflater.deflate(buffer));
                }
            } finally {
                deflater.end();
            }
            add(name, 8, crc.getValue(), size, compressed.toByteArray());
        }

        private void add(String name, int method, long crc, long size, byte[] compressed) {
            byte[] nameBytes = utf8(name);
            int offset = out.size();
            ByteBuffer local = le(30);
            local.putInt(0x04034b50)
                    .putShort((short) 20)
                    .putShort((short) 0x0800)
                    .putShort((short) method)
                    .putShort((short) 0)
                    .putShort((short) 0x21)
                    .putInt((int) crc)
                    .putInt(compressed.length)
                    .putInt((int) size)
                    .putShort((short) nameBytes.length)
                    .putShort((short) 0);
            out.writeBytes(local.array());
            out.writeBytes(nameBytes);
            out.writeBytes(compressed);
            ByteBuffer record = le(46);
            record.putInt(0x02014b50)
                    .putShort((short) (0x0300 | 20))
                    .putShort((short) 20)
                    .putShort((short) 0x0800)
                    .putShort((short) method)
                    .putShort((short) 0)
                    .putShort((short) 0x21)
                    .putInt((int) crc)
                    .putInt(compressed.length)
                    .putInt((int) size)
                    .putShort((short) nameBytes.length)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putInt((int) (0100644L << 16))
                    .putInt(offset);
            central.writeBytes(record.array());
            central.writeBytes(nameBytes);
            count++;
        }

        byte[] finish() {
            int centralOffset = out.size();
            out.writeBytes(central.toByteArray());
            ByteBuffer end = le(22);
            end.putInt(0x06054b50)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) count)
                    .putShort((short) count)
                    .putInt(central.size())
                    .putInt(centralOffset)
                    .putShort((short) 0);
            out.writeBytes(end.array());
            return out.toByteArray();
        }

        private static ByteBuffer le(int size) {
            return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
