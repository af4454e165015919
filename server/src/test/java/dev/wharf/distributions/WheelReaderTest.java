package dev.wharf.distributions;

import static dev.wharf.distributions.TestArchives.FILENAME;
import static dev.wharf.distributions.TestArchives.PREFIX;
import static dev.wharf.distributions.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WheelReaderTest {
    private static final String ARCHIVES_HELP = ". See https://docs.pypi.org/archives for more information";

    @TempDir
    Path dir;

    private WheelContents read(byte[] bytes) {
        return read(bytes, ArchiveLimits.defaults());
    }

    private WheelContents read(byte[] bytes, ArchiveLimits limits) {
        try {
            Path file = Files.createTempFile(dir, "upload", ".whl");
            Files.write(file, bytes);
            return WheelReader.read(file, FILENAME, PREFIX, limits);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void assertRefused(byte[] bytes, String message) {
        assertThatThrownBy(() -> read(bytes))
                .isInstanceOfSatisfying(
                        WharfException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.BAD_REQUEST))
                .hasMessage(message);
    }

    private void assertZipNotAccepted(byte[] bytes, String reason) {
        assertRefused(bytes, "Invalid distribution file. ZIP archive not accepted: " + reason + ARCHIVES_HELP);
    }

    private static TestArchives.RawZip valid() {
        return TestArchives.zip(TestArchives.wheelFiles());
    }

    // ------------------------------------------------------------------ accepted

    @Test
    void readsTheDistInfoFilesOfAValidDeflatedWheel() {
        WheelContents contents = read(TestArchives.validWheel());

        assertThat(contents.metadata()).isEqualTo(TestArchives.METADATA);
        assertThat(contents.wheel()).isEqualTo(TestArchives.WHEEL);
        assertThat(contents.record()).isEqualTo(TestArchives.RECORD);
        assertThat(contents.entryNames())
                .containsExactlyInAnyOrder(
                        "demo/__init__.py", PREFIX + "/METADATA", PREFIX + "/WHEEL", PREFIX + "/RECORD");
    }

    @Test
    void acceptsStoredMembers() {
        TestArchives.RawZip zip = valid();
        zip.members.forEach(TestArchives.Member::stored);

        assertThat(read(zip.build()).metadata()).isEqualTo(TestArchives.METADATA);
    }

    @Test
    void acceptsAZipWrittenByZipOutputStreamWithSizesKnownUpFront() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : TestArchives.wheelFiles().entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setMethod(ZipEntry.STORED);
                CRC32 crc = new CRC32();
                crc.update(file.getValue());
                entry.setCrc(crc.getValue());
                entry.setSize(file.getValue().length);
                entry.setCompressedSize(file.getValue().length);
                out.putNextEntry(entry);
                out.write(file.getValue());
                out.closeEntry();
            }
        }

        assertThat(read(bytes.toByteArray()).wheel()).isEqualTo(TestArchives.WHEEL);
    }

    @Test
    void acceptsAnArchiveCommentAtTheEnd() {
        TestArchives.RawZip zip = valid();
        zip.archiveComment = utf8("built by test");

        assertThat(read(zip.build()).metadata()).isEqualTo(TestArchives.METADATA);
    }

    @Test
    void acceptsZip64EndRecords() {
        TestArchives.RawZip zip = valid();
        zip.zip64End = true;

        assertThat(read(zip.build()).record()).isEqualTo(TestArchives.RECORD);
    }

    @Test
    void acceptsNonAsciiNamesFlaggedAsUtf8() {
        TestArchives.RawZip zip = valid();
        zip.add("demo/données.txt", utf8("x"));

        assertThat(read(zip.build()).entryNames()).contains("demo/données.txt");
    }

    @Test
    void acceptsASmallButHighlyCompressibleMember() {
        TestArchives.RawZip zip = valid();
        zip.add("demo/zeros.bin", new byte[4 * 1024 * 1024]); // ratio ~1000, but below 64 MiB

        assertThat(read(zip.build()).entryNames()).contains("demo/zeros.bin");
    }

    @Test
    void acceptsValidEntryPoints() {
        TestArchives.RawZip zip = valid();
        zip.add(PREFIX + "/entry_points.txt", utf8("""
                # generated
                [console_scripts]
                demo = demo:main
                demo.cli-2 = demo.cli:run

                [demo.plugins]
                any name at all = demo.plugins:x
                    continued
                """));

        assertThat(read(zip.build()).metadata()).isEqualTo(TestArchives.METADATA);
    }

    @Test
    void acceptsTheWheelsDebianShips() throws IOException {
        Path wheels = Path.of("/usr/share/python-wheels");
        Assumptions.assumeTrue(Files.isDirectory(wheels), "no /usr/share/python-wheels on this machine");
        List<Path> found;
        try (Stream<Path> files = Files.list(wheels)) {
            found = files.filter(p -> p.getFileName().toString().endsWith(".whl"))
                    .toList();
        }
        Assumptions.assumeFalse(found.isEmpty(), "no wheels in /usr/share/python-wheels");
        Pattern parts = Pattern.compile("([^-]+)-([^-]+)-.*\\.whl");
        for (Path wheel : found) {
            String filename = wheel.getFileName().toString();
            Matcher m = parts.matcher(filename);
            assertThat(m.matches()).as(filename).isTrue();
            WheelContents contents = WheelReader.read(
                    wheel, filename, m.group(1) + "-" + m.group(2) + ".dist-info", ArchiveLimits.defaults());
            assertThat(new String(contents.metadata(), StandardCharsets.UTF_8))
                    .as(filename)
                    .startsWith("Metadata-Version:");
            assertThat(new String(contents.wheel(), StandardCharsets.UTF_8))
                    .as(filename)
                    .contains("Wheel-Version:");
            assertThat(contents.entryNames())
                    .as(filename)
                    .contains(m.group(1) + "-" + m.group(2) + ".dist-info/RECORD");
        }
    }

    // ------------------------------------------------------------------ not a zip / limits

    @Test
    void refusesBytesThatAreNotAZip() {
        assertRefused(
                utf8("this is not a zip file, just text\n".repeat(10)),
                "Invalid distribution file. File is not a zipfile");
    }

    @Test
    void refusesAnEmptyFile() {
        assertRefused(new byte[0], "Invalid distribution file. File is not a zipfile");
    }

    @Test
    void refusesATruncatedArchive() {
        byte[] whole = TestArchives.validWheel();

        assertRefused(Arrays.copyOf(whole, whole.length - 30), "Invalid distribution file. File is not a zipfile");
    }

    @Test
    void refusesAFileThatIsBothATarAndAZip() {
        ByteArrayOutputStream polyglot = new ByteArrayOutputStream();
        polyglot.writeBytes(TestArchives.sdist().tar());
        polyglot.writeBytes(TestArchives.validWheel());

        assertRefused(polyglot.toByteArray(), "Invalid distribution file. File is both a zip and a tar file");
    }

    @Test
    void refusesAZipBomb() {
        TestArchives.RawZip zip = valid();
        TestArchives.zeros(zip.add("demo/bomb.bin", new byte[0]), 70L * 1024 * 1024);

        assertRefused(zip.build(), "Invalid distribution file. File exceeds compression ratio of 50");
    }

    @Test
    void refusesMoreEntriesThanTheLimit() {
        ArchiveLimits limits = new ArchiveLimits(3, 1 << 30, 1 << 20, 50);

        assertThatThrownBy(() -> read(TestArchives.validWheel(), limits))
                .hasMessage("Invalid distribution file. ZIP archive not accepted: Too many entries (the limit is 3)"
                        + ARCHIVES_HELP);
    }

    @Test
    void refusesMoreDeclaredUncompressedBytesThanTheLimit() {
        ArchiveLimits limits = new ArchiveLimits(100, 100, 1 << 20, 50);

        assertThatThrownBy(() -> read(TestArchives.validWheel(), limits))
                .hasMessageStartingWith(
                        "Invalid distribution file. ZIP archive not accepted: Uncompressed size exceeds");
    }

    @Test
    void refusesAMemberLargerThanTheReadCap() {
        ArchiveLimits limits = new ArchiveLimits(100, 1 << 30, 16, 50);

        assertThatThrownBy(() -> read(TestArchives.validWheel(), limits))
                .hasMessage("Invalid distribution file. " + PREFIX + "/WHEEL is larger than the limit of 16 bytes");
    }

    @Test
    void aMemberThatLiesAboutItsSizeIsCutOffAtTheCap() {
        TestArchives.RawZip zip = valid();
        TestArchives.Member wheel = zip.member(PREFIX + "/WHEEL");
        TestArchives.zeros(wheel, 8L * 1024 * 1024);
        wheel.declaredSize = 10L; // both headers claim 10 bytes

        assertThatThrownBy(() -> read(zip.build(), new ArchiveLimits(100, 1L << 30, 1024, 50)))
                .hasMessage("Invalid distribution file. " + PREFIX + "/WHEEL is larger than the limit of 1024 bytes");
    }

    @Test
    void aMemberWhoseDataDisagreesWithItsDeclaredSizeIsRefused() {
        TestArchives.RawZip zip = valid();
        TestArchives.Member wheel = zip.member(PREFIX + "/WHEEL");
        TestArchives.zeros(wheel, 100_000);
        wheel.declaredSize = 10L;

        assertZipNotAccepted(zip.build(), "Data of " + PREFIX + "/WHEEL does not match its declared size and CRC-32");
    }

    @Test
    void aStoredMemberWithCorruptedBytesIsRefused() {
        TestArchives.RawZip zip = valid();
        TestArchives.Member metadata = zip.member(PREFIX + "/METADATA").stored();
        byte[] archive = zip.build();
        int at = indexOf(archive, TestArchives.METADATA);
        archive[at] ^= 1;

        assertZipNotAccepted(archive, "Data of " + PREFIX + "/METADATA does not match its declared size and CRC-32");
        assertThat(metadata.method).isZero();
    }

    // ------------------------------------------------------------------ compression methods

    @ParameterizedTest
    @ValueSource(ints = {12, 14, 93, 95, 99})
    void refusesCompressionMethodsOtherThanStoredAndDeflated(int method) {
        TestArchives.RawZip zip = valid();
        zip.member("demo/__init__.py").stored().method = method;

        assertRefused(zip.build(), "Invalid distribution file. File does not use a supported compression type");
    }

    // ------------------------------------------------------------------ framing (zipfiles.py)

    @Test
    void refusesDataDescriptorsAsWrittenByZipOutputStream() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : TestArchives.wheelFiles().entrySet()) {
                out.putNextEntry(new ZipEntry(file.getKey()));
                out.write(file.getValue());
                out.closeEntry();
            }
        }

        assertZipNotAccepted(bytes.toByteArray(), "ZIP contains a data descriptor");
    }

    @Test
    void refusesADataDescriptorFlagOnlyInTheLocalHeader() {
        TestArchives.RawZip zip = valid();
        TestArchives.Member m = zip.member("demo/__init__.py");
        m.localFlagsOverride = m.flags | 0x08;
        m.dataDescriptor = true;

        // The descriptor's 16 bytes then sit where the next local header should start.
        assertZipNotAccepted(zip.build(), "ZIP contains a data descriptor");
    }

    @Test
    void refusesDuplicateNamesInTheCentralDirectory() {
        TestArchives.RawZip zip = valid();
        zip.add("demo/__init__.py", utf8("other"));

        assertZipNotAccepted(zip.build(), "Duplicate filename in central directory");
    }

    @Test
    void refusesALocalHeaderTheCentralDirectoryDoesNotList() {
        TestArchives.RawZip zip = valid();
        zip.add("demo/hidden.py", utf8("import os")).localOnly = true;

        assertZipNotAccepted(zip.build(), "Filename not in central directory");
    }

    @Test
    void refusesDuplicateLocalHeaders() {
        TestArchives.RawZip zip = valid();
        zip.add("demo/__init__.py", TestArchives.wheelFiles().get("demo/__init__.py")).localOnly = true;

        assertZipNotAccepted(zip.build(), "Duplicate filename in local headers");
    }

    @Test
    void refusesALocalNameThatDiffersFromTheCentralName() {
        TestArchives.RawZip zip = valid();
        zip.member("demo/__init__.py").localNameOverride = utf8("demo/__init__.pz");

        assertZipNotAccepted(zip.build(), "Filename not in central directory");
    }

    @Test
    void refusesACentralRecordWithoutItsOwnLocalHeader() {
        TestArchives.RawZip zip = valid();
        zip.add("demo/alias.py", TestArchives.wheelFiles().get("demo/__init__.py")).centralOnlyAt = 0;

        assertZipNotAccepted(zip.build(), "Missing filename in local headers");
    }

    @Test
    void refusesACentralDirectoryOffsetThatPointsElsewhere() {
        TestArchives.RawZip zip = valid();
        zip.centralOffsetDelta = 1;

        assertZipNotAccepted(zip.build(), "Mismatched central directory offset");
    }

    @Test
    void refusesDataBeforeTheFirstLocalHeader() {
        TestArchives.RawZip zip = valid();
        zip.prefix = utf8("#!/bin/sh\n"); // offsets still count from the first local header

        assertZipNotAccepted(zip.build(), "Mismatched central directory offset");
    }

    @Test
    void refusesDataAfterTheEndRecord() {
        TestArchives.RawZip zip = valid();
        zip.trailing = utf8("PK appended");

        assertZipNotAccepted(zip.build(), "Trailing data");
    }

    @Test
    void refusesZip64ExtensibleData() {
        TestArchives.RawZip zip = valid();
        zip.zip64End = true;
        zip.zip64RecordExtra = 8;

        assertZipNotAccepted(zip.build(), "ZIP64 extensible data not allowed");
    }

    @Test
    void refusesAFileComment() {
        TestArchives.RawZip zip = valid();
        zip.member("demo/__init__.py").comment = utf8("hi");

        assertZipNotAccepted(zip.build(), "Comment in central directory");
    }

    @Test
    void refusesControlCharactersInNames() {
        TestArchives.RawZip zip = valid();
        zip.add("demo/a\u0001b.py", utf8("x"));

        assertZipNotAccepted(zip.build(), "Invalid character in filename");
    }

    @Test
    void refusesNonAsciiNamesWithoutTheUtf8Flag() {
        TestArchives.RawZip zip = valid();
        TestArchives.Member m = zip.add("demo/données.txt", utf8("x"));
        m.flags = 0;

        assertZipNotAccepted(zip.build(), "Non-ASCII filename without the UTF-8 flag");
    }

    @Test
    void refusesNamesThatAreNotUtf8() {
        TestArchives.RawZip zip = valid();
        zip.add("demo/x.txt", utf8("x"));
        zip.last().name[5] = (byte) 0xFF;

        assertZipNotAccepted(zip.build(), "Filename not unicode");
    }

    @Test
    void refusesMismatchedCrcBetweenHeaders() {
        TestArchives.RawZip zip = valid();
        zip.member("demo/__init__.py").localCrc = 1234L;

        assertZipNotAccepted(zip.build(), "Mis-matched CRC-32");
    }

    @Test
    void refusesMismatchedCompressionMethodBetweenHeaders() {
        TestArchives.RawZip zip = valid();
        TestArchives.Member m = zip.member("demo/__init__.py").stored();
        m.localMethodOverride = 8;

        assertZipNotAccepted(zip.build(), "Mis-matched compression method");
    }

    @Test
    void refusesEncryptedMembers() {
        TestArchives.RawZip zip = valid();
        zip.member("demo/__init__.py").flags |= 0x01;

        assertZipNotAccepted(zip.build(), "Encrypted entries are not allowed");
    }

    @Test
    void refusesADuplicatedZip64Extra() {
        TestArchives.RawZip zip = valid();
        byte[] extra = new byte[8];
        extra[0] = 0x01; // id 0x0001, size 0
        extra[4] = 0x01;
        zip.member("demo/__init__.py").localExtra = extra;

        assertZipNotAccepted(zip.build(), "Invalid duplicate extra in local file");
    }

    // ------------------------------------------------------------------ paths and links

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "demo/../../evil", "demo/.."})
    void refusesPathTraversal(String name) {
        TestArchives.RawZip zip = valid();
        zip.add(name, utf8("x"));

        assertZipNotAccepted(zip.build(), "Path traversal ('..') in filename");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/evil", "C:/evil"})
    void refusesAbsolutePaths(String name) {
        TestArchives.RawZip zip = valid();
        zip.add(name, utf8("x"));

        assertZipNotAccepted(zip.build(), "Absolute path in filename");
    }

    @Test
    void refusesBackslashes() {
        TestArchives.RawZip zip = valid();
        zip.add("demo\\evil.py", utf8("x"));

        assertZipNotAccepted(zip.build(), "Backslash in filename");
    }

    @Test
    void refusesSymbolicLinks() {
        TestArchives.RawZip zip = valid();
        zip.add("demo/link", utf8("/etc/passwd")).externalAttributes = 0120777L << 16;

        assertZipNotAccepted(zip.build(), "Symbolic links are not allowed");
    }

    // ------------------------------------------------------------------ wheel contents, pypi.org's order

    @Test
    void refusesAWheelWithoutWheelFile() {
        Map<String, byte[]> files = TestArchives.wheelFiles();
        files.remove(PREFIX + "/WHEEL");

        assertRefused(
                TestArchives.zip(files).build(), "Invalid distribution file. WHEEL not found at " + PREFIX + "/WHEEL");
    }

    @Test
    void looksForWheelUnderTheFilenamesLiteralNameAndVersion() throws IOException {
        Path file = Files.createTempFile(dir, "upload", ".whl");
        Files.write(file, TestArchives.validWheel());

        assertThatThrownBy(() -> WheelReader.read(
                        file, "Demo-1.0-py3-none-any.whl", "Demo-1.0.dist-info", ArchiveLimits.defaults()))
                .hasMessage("Invalid distribution file. WHEEL not found at Demo-1.0.dist-info/WHEEL");
    }

    @Test
    void reportsAMissingWheelFileBeforeFramingProblems() {
        Map<String, byte[]> files = TestArchives.wheelFiles();
        files.remove(PREFIX + "/WHEEL");
        TestArchives.RawZip zip = TestArchives.zip(files);
        zip.member("demo/__init__.py").comment = utf8("x");

        assertRefused(zip.build(), "Invalid distribution file. WHEEL not found at " + PREFIX + "/WHEEL");
    }

    @Test
    void refusesAWheelWithoutRecord() {
        Map<String, byte[]> files = TestArchives.wheelFiles();
        files.remove(PREFIX + "/RECORD");

        assertThatThrownBy(() -> read(TestArchives.zip(files).build()))
                .isInstanceOf(InvalidWheelContentsException.class)
                .hasMessage(
                        "Wheel '" + FILENAME + "' does not contain the required RECORD file: " + PREFIX + "/RECORD");
    }

    @Test
    void refusesARecordThatIsNotUtf8() {
        Map<String, byte[]> files = TestArchives.wheelFiles();
        files.put(PREFIX + "/RECORD", new byte[] {'a', (byte) 0xC3, '\n'});

        assertThatThrownBy(() -> read(TestArchives.zip(files).build()))
                .hasMessage(
                        "Wheel '" + FILENAME + "' does not contain the required RECORD file: " + PREFIX + "/RECORD");
    }

    @Test
    void refusesAWheelWithoutMetadata() {
        Map<String, byte[]> files = TestArchives.wheelFiles();
        files.remove(PREFIX + "/METADATA");

        assertThatThrownBy(() -> read(TestArchives.zip(files).build()))
                .isInstanceOfSatisfying(
                        InvalidWheelContentsException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.BAD_REQUEST))
                .hasMessage("Wheel '" + FILENAME + "' does not contain the required METADATA file: " + PREFIX
                        + "/METADATA");
    }

    @Test
    void reportsAMissingRecordBeforeAMissingMetadata() {
        Map<String, byte[]> files = TestArchives.wheelFiles();
        files.remove(PREFIX + "/METADATA");
        files.remove(PREFIX + "/RECORD");

        assertThatThrownBy(() -> read(TestArchives.zip(files).build())).hasMessageContaining("RECORD");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[console_scripts]\n../evil = demo:main\n",
                "[gui_scripts]\nbad name = demo:main\n",
                "[console_scripts]\na/b = demo:main\n",
                "console_scripts = demo:main\n",
                "[console_scripts]\nnot an option line\n",
                "[console_scripts]\ndemo = a:b\n[console_scripts]\nother = a:c\n",
                "[console_scripts]\ndemo = a:b\nDEMO = a:c\n",
            })
    void refusesInvalidEntryPoints(String text) {
        TestArchives.RawZip zip = valid();
        zip.add(PREFIX + "/entry_points.txt", utf8(text));

        assertThatThrownBy(() -> read(zip.build()))
                .isInstanceOf(InvalidWheelContentsException.class)
                .hasMessage("Wheel '" + FILENAME + "' has invalid entry points defined in the entry_points.txt file");
    }

    @Test
    void refusesEntryPointsThatAreNotUtf8() {
        TestArchives.RawZip zip = valid();
        zip.add(PREFIX + "/entry_points.txt", new byte[] {'[', (byte) 0xFF, ']'});

        assertThatThrownBy(() -> read(zip.build())).hasMessageContaining("has invalid entry points");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
