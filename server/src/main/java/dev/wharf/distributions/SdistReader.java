package dev.wharf.distributions;

import dev.wharf.errors.WharfException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Validates an uploaded {@code .tar.gz} sdist and reads its {@code PKG-INFO} (pypi.org's archive
 * checks, the sdist format of PEP 625). The archive is streamed (gzip, then tar) and never held in
 * memory; only {@code PKG-INFO} is read, capped at {@link ArchiveLimits#maxMemberRead()}.
 *
 * <p>Refused, with pypi.org's messages where it has one: a file that is also a zip; a file that
 * is not a gzip-compressed tar; sparse members; anything but exactly one top-level directory;
 * no {@code <top>/PKG-INFO}. Refused by our own stricter rules: absolute or {@code ..} member
 * paths, duplicate member names, a {@code PKG-INFO} that is not a regular file, more members or
 * more decompressed bytes than the limits, and pypi.org's zip compression-ratio rule applied to
 * the decompressed tar stream (pypi.org leaves this as a TODO for sdists).
 *
 * <p>Symbolic and hard links are allowed, as on pypi.org: sdists made by some backends contain
 * them, and Wharf never extracts an sdist, so a link is only a name here and is never followed.
 * pypi.org also finds the top directory with a string common prefix, which accepts
 * {@code foo-1.0/} beside {@code foo-1.0x/}; we compare whole first path segments instead.
 */
public final class SdistReader {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int MAX_NAME_BYTES = 4096;

    private SdistReader() {}

    /**
     * @param file the staged upload, named {@code *.tar.gz} by the client
     * @throws InvalidDistributionException if the archive is not an acceptable sdist
     * @throws UncheckedIOException if the staging file cannot be opened (a server fault)
     */
    public static SdistContents read(Path file, ArchiveLimits limits) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(limits, "limits");
        long size;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            size = channel.size();
            boolean zip = ZipStructure.looksLikeZip(channel);
            boolean gzippedTar = isGzippedTar(file);
            if (zip && (gzippedTar || isPlainTar(file))) {
                throw InvalidDistributionException.of("File is both a zip and a tar file");
            }
            if (!gzippedTar) {
                throw InvalidDistributionException.of("File is not a tarfile");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read staged sdist " + file, e);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
                InputStream gunzipped = gunzip(raw);
                TarArchiveInputStream tar = new TarArchiveInputStream(
                        new TarStreamGuard(gunzipped, limits, size), StandardCharsets.UTF_8.name())) {
            return walk(tar, limits);
        } catch (WharfException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // pypi.org answers "Invalid distribution file. None" for an unreadable gzip or tar
            // stream; we say what happened. commons-compress signals bad headers with
            // IOException and, for some numeric fields, IllegalArgumentException: client input
            // must never become a 500, so every failure of the parser is the archive's fault.
            throw InvalidDistributionException.tarNotAccepted("Malformed tar or gzip data");
        }
    }

    private static SdistContents walk(TarArchiveInputStream tar, ArchiveLimits limits) throws IOException {
        String top = null;
        byte[] pkgInfo = null;
        Set<String> members = new HashSet<>();
        int count = 0;
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            count++;
            if (count > limits.maxEntries()) {
                throw InvalidDistributionException.tarNotAccepted(
                        "Too many members (the limit is " + limits.maxEntries() + ")");
            }
            if (entry.isSparse()
                    || entry.isPaxGNU1XSparse()
                    || entry.getExtraPaxHeaders().keySet().stream().anyMatch(k -> k.startsWith("GNU.sparse."))) {
                throw InvalidDistributionException.tarNotAccepted("Sparse members are not allowed");
            }
            String name = entry.getName();
            checkPath(name);
            String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            int slash = path.indexOf('/');
            String first = slash < 0 ? path : path.substring(0, slash);
            if (first.isEmpty() || first.equals(".") || (slash < 0 && !entry.isDirectory())) {
                throw incorrectTopLevel(); // a file, or "./", at the top
            }
            if (top == null) {
                top = first;
            } else if (!top.equals(first)) {
                throw incorrectTopLevel();
            }
            if (slash < 0 || entry.isDirectory()) {
                continue;
            }
            String relative = path.substring(slash + 1);
            if (!members.add(relative)) {
                // Python's tarfile lets the last duplicate win, other readers the first.
                throw InvalidDistributionException.tarNotAccepted("Duplicate member " + name);
            }
            if (relative.equals("PKG-INFO")) {
                if (!isRegularFile(entry)) {
                    throw InvalidDistributionException.tarNotAccepted(top + "/PKG-INFO is not a regular file");
                }
                pkgInfo = tar.readNBytes((int) limits.maxMemberRead() + 1);
                if (pkgInfo.length > limits.maxMemberRead()) {
                    throw InvalidDistributionException.of(
                            top + "/PKG-INFO is larger than the limit of " + limits.maxMemberRead() + " bytes");
                }
            }
        }
        if (top == null) {
            throw incorrectTopLevel();
        }
        if (pkgInfo == null) {
            throw InvalidDistributionException.of("PKG-INFO not found at " + top + "/PKG-INFO");
        }
        return new SdistContents(top, pkgInfo, members);
    }

    /**
     * A regular file by its type flag ({@code 0}, NUL, or contiguous {@code 7}); commons-compress's
     * {@code isFile()} also answers true for links and devices.
     */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == '0' || flag == 0 || flag == '7';
    }

    /** No absolute paths, no {@code ..} segments, no absurdly long names. */
    private static void checkPath(String name) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw InvalidDistributionException.tarNotAccepted("Invalid member name");
        }
        if (name.startsWith("/")) {
            throw InvalidDistributionException.tarNotAccepted("Absolute member path " + printable(name));
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                throw InvalidDistributionException.tarNotAccepted("Path traversal ('..') in member " + printable(name));
            }
        }
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), 200));
        name.codePoints().limit(200).forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7F ? '?' : c));
        return out.toString();
    }

    private static InvalidDistributionException incorrectTopLevel() {
        return InvalidDistributionException.of("Incorrect number of top-level directories in sdist");
    }

    private static InputStream gunzip(InputStream raw) throws IOException {
        // Concatenated gzip members are part of the stream for Python's gzip module too.
        return GzipCompressorInputStream.builder()
                .setInputStream(raw)
                .setDecompressConcatenated(true)
                .get();
    }

    /** gzip magic, and the first decompressed block is a tar header ({@code tarfile.is_tarfile}). */
    private static boolean isGzippedTar(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            int b1 = raw.read();
            int b2 = raw.read();
            if (b1 != GZIP_MAGIC_1 || b2 != GZIP_MAGIC_2) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                InputStream gunzipped = gunzip(raw)) {
            byte[] block = gunzipped.readNBytes(TarHeaderProbe.BLOCK);
            return TarHeaderProbe.isTarHeader(block, block.length);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isPlainTar(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] block = raw.readNBytes(TarHeaderProbe.BLOCK);
            return TarHeaderProbe.isTarHeader(block, block.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
