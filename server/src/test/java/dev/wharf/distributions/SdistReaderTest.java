package dev.wharf.distributions;

import static dev.wharf.distributions.TestArchives.PKG_INFO;
import static dev.wharf.distributions.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdistReaderTest {
    private static final String ARCHIVES_HELP = ". See https://docs.pypi.org/archives for more information";

    @TempDir
    Path dir;

    private SdistContents read(byte[] bytes) {
        return read(bytes, ArchiveLimits.defaults());
    }

    private SdistContents read(byte[] bytes, ArchiveLimits limits) {
        try {
            Path file = Files.createTempFile(dir, "demo-1.0", ".tar.gz");
            Files.write(file, bytes);
            return SdistReader.read(file, limits);
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

    private void assertTarNotAccepted(byte[] bytes, String reason) {
        assertRefused(bytes, "Invalid distribution file. tar archive not accepted: " + reason + ARCHIVES_HELP);
    }

    // ------------------------------------------------------------------ accepted

    @Test
    void readsPkgInfoAndMemberNamesOfAValidSdist() {
        SdistContents contents = read(TestArchives.sdist().tarGz());

        assertThat(contents.topDirectory()).isEqualTo("demo-1.0");
        assertThat(contents.pkgInfo()).isEqualTo(PKG_INFO);
        assertThat(contents.memberNames()).containsExactlyInAnyOrder("PKG-INFO", "LICENSE", "src/demo.py");
    }

    @Test
    void acceptsAnSdistWithoutDirectoryEntries() {
        byte[] tar = new TestArchives.RawTar()
                .file("demo-1.0/PKG-INFO", PKG_INFO)
                .file("demo-1.0/setup.py", utf8("x"))
                .tarGz();

        assertThat(read(tar).topDirectory()).isEqualTo("demo-1.0");
    }

    @Test
    void acceptsLinksButNeverFollowsThem() {
        byte[] tar = TestArchives.sdist()
                .symlink("demo-1.0/COPYING", "LICENSE")
                .hardlink("demo-1.0/LICENSE.txt", "demo-1.0/LICENSE")
                .tarGz();

        assertThat(read(tar).memberNames()).contains("COPYING", "LICENSE.txt");
    }

    @Test
    void acceptsLongNamesFromPaxHeaders() {
        String longName = "demo-1.0/" + "d".repeat(150) + "/file.py";
        byte[] tar = TestArchives.sdist()
                .pax(Map.of("path", longName))
                .file("demo-1.0/placeholder", utf8("y"))
                .tarGz();

        assertThat(read(tar).memberNames()).contains("d".repeat(150) + "/file.py");
    }

    @Test
    void acceptsLongNamesFromGnuLongNameMembers() {
        String longName = "demo-1.0/" + "g".repeat(150) + ".py";
        byte[] tar = TestArchives.sdist()
                .entry("././@LongLink", 'L', utf8(longName + "\0"), "")
                .file("demo-1.0/truncated", utf8("z"))
                .tarGz();

        assertThat(read(tar).memberNames()).contains("g".repeat(150) + ".py");
    }

    @Test
    void acceptsConcatenatedGzipMembers() throws IOException {
        byte[] tar = TestArchives.sdist().tar();
        int half = 1024; // split on a block boundary
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(TestArchives.gzip(Arrays.copyOfRange(tar, 0, half)));
        both.writeBytes(TestArchives.gzip(Arrays.copyOfRange(tar, half, tar.length)));

        assertThat(read(both.toByteArray()).pkgInfo()).isEqualTo(PKG_INFO);
    }

    // ------------------------------------------------------------------ not a tar.gz

    @Test
    void refusesBytesThatAreNotGzip() {
        assertRefused(utf8("definitely not gzip\n".repeat(40)), "Invalid distribution file. File is not a tarfile");
    }

    @Test
    void refusesGzipOfGarbage() {
        assertRefused(
                TestArchives.gzip(utf8("garbage, not a tar header\n".repeat(40))),
                "Invalid distribution file. File is not a tarfile");
    }

    @Test
    void refusesAnUncompressedTar() {
        assertRefused(TestArchives.sdist().tar(), "Invalid distribution file. File is not a tarfile");
    }

    @Test
    void refusesAnEmptyTar() {
        assertRefused(TestArchives.gzip(new byte[10240]), "Invalid distribution file. File is not a tarfile");
    }

    @Test
    void refusesAZipNamedTarGz() {
        assertRefused(TestArchives.validWheel(), "Invalid distribution file. File is not a tarfile");
    }

    @Test
    void refusesAFileThatIsBothAZipAndATar() {
        ByteArrayOutputStream polyglot = new ByteArrayOutputStream();
        polyglot.writeBytes(TestArchives.sdist().tarGz());
        polyglot.writeBytes(TestArchives.validWheel());

        assertRefused(polyglot.toByteArray(), "Invalid distribution file. File is both a zip and a tar file");
    }

    @Test
    void refusesATruncatedGzipStream() {
        byte[] whole = TestArchives.sdist()
                .file("demo-1.0/big.txt", utf8("lorem ipsum ".repeat(5000)))
                .tarGz();

        assertTarNotAccepted(Arrays.copyOf(whole, whole.length / 2), "Malformed tar or gzip data");
    }

    // ------------------------------------------------------------------ layout

    @Test
    void refusesTwoTopLevelDirectories() {
        byte[] tar = TestArchives.sdist().file("other-1.0/PKG-INFO", PKG_INFO).tarGz();

        assertRefused(tar, "Invalid distribution file. Incorrect number of top-level directories in sdist");
    }

    @Test
    void refusesTopLevelDirectoriesThatOnlyShareAPrefix() {
        // pypi.org's string common prefix would accept this ("demo-1.0" is a prefix of both).
        byte[] tar = TestArchives.sdist().file("demo-1.0x/setup.py", utf8("x")).tarGz();

        assertRefused(tar, "Invalid distribution file. Incorrect number of top-level directories in sdist");
    }

    @Test
    void refusesAFileAtTheTopLevel() {
        byte[] tar = TestArchives.sdist().file("setup.py", utf8("x")).tarGz();

        assertRefused(tar, "Invalid distribution file. Incorrect number of top-level directories in sdist");
    }

    @Test
    void refusesAnArchiveWithNoMembers() {
        // A header for "./" only: the top directory would be ".".
        byte[] tar = new TestArchives.RawTar().dir("./").tarGz();

        assertRefused(tar, "Invalid distribution file. Incorrect number of top-level directories in sdist");
    }

    @Test
    void refusesAnSdistWithoutPkgInfo() {
        byte[] tar = new TestArchives.RawTar()
                .dir("demo-1.0/")
                .file("demo-1.0/setup.py", utf8("x"))
                .file("demo-1.0/src/PKG-INFO", PKG_INFO)
                .tarGz();

        assertRefused(tar, "Invalid distribution file. PKG-INFO not found at demo-1.0/PKG-INFO");
    }

    @Test
    void refusesAPkgInfoThatIsALink() {
        byte[] tar = new TestArchives.RawTar()
                .file("demo-1.0/real", PKG_INFO)
                .symlink("demo-1.0/PKG-INFO", "real")
                .tarGz();

        assertTarNotAccepted(tar, "demo-1.0/PKG-INFO is not a regular file");
    }

    @Test
    void refusesDuplicateMembers() {
        byte[] tar = TestArchives.sdist()
                .file("demo-1.0/PKG-INFO", utf8("Metadata-Version: 2.1\nName: evil\n"))
                .tarGz();

        assertTarNotAccepted(tar, "Duplicate member demo-1.0/PKG-INFO");
    }

    @Test
    void refusesPathTraversal() {
        byte[] tar = TestArchives.sdist().file("demo-1.0/../../evil", utf8("x")).tarGz();

        assertTarNotAccepted(tar, "Path traversal ('..') in member demo-1.0/../../evil");
    }

    @Test
    void refusesAbsolutePaths() {
        byte[] tar = TestArchives.sdist().file("/etc/evil", utf8("x")).tarGz();

        assertTarNotAccepted(tar, "Absolute member path /etc/evil");
    }

    // ------------------------------------------------------------------ sparse and header abuse

    @Test
    void refusesAGnuSparseMember() {
        byte[] tar = TestArchives.sdist()
                .entry("demo-1.0/sparse.bin", 'S', new byte[512], "")
                .tarGz();

        assertTarNotAccepted(tar, "Sparse members are not allowed");
    }

    @Test
    void refusesAPaxSparseMember() {
        byte[] tar = TestArchives.sdist()
                .pax(Map.of(
                        "GNU.sparse.major",
                        "1",
                        "GNU.sparse.minor",
                        "0",
                        "GNU.sparse.name",
                        "demo-1.0/s.bin",
                        "GNU.sparse.realsize",
                        "1048576"))
                .file("demo-1.0/GNUSparseFile.0/s.bin", new byte[512])
                .tarGz();

        assertTarNotAccepted(tar, "Sparse members are not allowed");
    }

    @Test
    void refusesAnOversizedLongNameBeforeBufferingIt() {
        byte[] header = TestArchives.header("././@LongLink", 'L', 4L * 1024 * 1024 * 1024, "");
        byte[] tar =
                gzipWithoutEnd(TestArchives.sdist().raw(header, new byte[0]).tar());

        assertTarNotAccepted(tar, "Extended header larger than 1048576 bytes");
    }

    @Test
    void refusesADirectoryHeaderThatClaimsData() {
        byte[] tar = TestArchives.sdist()
                .entry("demo-1.0/docs/", '5', utf8("hidden"), "")
                .tarGz();

        assertTarNotAccepted(tar, "Malformed tar archive");
    }

    // ------------------------------------------------------------------ limits

    @Test
    void refusesAGzipBomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long size = 70L * 1024 * 1024;
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(TestArchives.header("demo-1.0/PKG-INFO", '0', PKG_INFO.length, ""));
            gz.write(Arrays.copyOf(PKG_INFO, 512));
            gz.write(TestArchives.header("demo-1.0/zeros.bin", '0', size, ""));
            byte[] chunk = new byte[1024 * 1024];
            for (long done = 0; done < size; done += chunk.length) {
                gz.write(chunk);
            }
            gz.write(new byte[1024]);
        }

        assertRefused(out.toByteArray(), "Invalid distribution file. File exceeds compression ratio of 50");
    }

    @Test
    void refusesMoreMembersThanTheLimit() {
        assertThatThrownBy(() -> read(TestArchives.sdist().tarGz(), new ArchiveLimits(3, 1 << 30, 1 << 20, 50)))
                .hasMessage("Invalid distribution file. tar archive not accepted: Too many members (the limit is 3)"
                        + ARCHIVES_HELP);
    }

    @Test
    void refusesMoreDecompressedBytesThanTheLimit() {
        byte[] tar = TestArchives.sdist()
                .file("demo-1.0/data.bin", new byte[64 * 1024])
                .tarGz();

        assertThatThrownBy(() -> read(tar, new ArchiveLimits(100, 16 * 1024, 1 << 20, 50)))
                .hasMessage(
                        "Invalid distribution file. tar archive not accepted: Uncompressed size exceeds the limit of "
                                + (16 * 1024) + " bytes" + ARCHIVES_HELP);
    }

    @Test
    void refusesAPkgInfoLargerThanTheReadCap() {
        assertThatThrownBy(() -> read(TestArchives.sdist().tarGz(), new ArchiveLimits(100, 1 << 30, 8, 50)))
                .hasMessage("Invalid distribution file. demo-1.0/PKG-INFO is larger than the limit of 8 bytes");
    }

    /** gzip of a tar that stops right after the last header, as an attacker would send. */
    private static byte[] gzipWithoutEnd(byte[] tarWithEnd) {
        return TestArchives.gzip(Arrays.copyOf(tarWithEnd, tarWithEnd.length - 1024));
    }
}
