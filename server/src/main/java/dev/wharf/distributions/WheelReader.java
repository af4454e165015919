package dev.wharf.distributions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates an uploaded wheel and reads the few {@code .dist-info} files the index needs
 * (pypi.org's archive and wheel checks; the wheel format of PEP 427). The archive has already been
 * streamed to a staging file and its digests checked; this reader touches only the end records, the
 * central directory, the local headers and the bytes of at most four members.
 *
 * <p>Checks run in pypi.org's order ({@code forklift/legacy.py} {@code _is_valid_dist_file},
 * then the wheel checks of {@code file_upload}), so that an archive with several faults gets the
 * message pypi.org would give:
 * <ol>
 *   <li>is a zip at all ("File is not a zipfile"), and not also a tar;</li>
 *   <li>compression ratio (declared uncompressed sizes against the file size), then our own
 *       total-size limit;</li>
 *   <li>every member STORED or DEFLATED;</li>
 *   <li>{@code <prefix>/WHEEL} present;</li>
 *   <li>zip framing ({@code zipfiles.validate_zipfile}: local headers against the central
 *       directory), plus our own path, link and encryption rules;</li>
 *   <li>{@code RECORD} present and UTF-8, {@code entry_points.txt} valid, {@code METADATA}
 *       present.</li>
 * </ol>
 * Every member is read with a cap on its actual decompressed bytes, so a member that lies about
 * its size cannot exhaust memory.
 */
public final class WheelReader {

    private WheelReader() {}

    /**
     * @param file the staged upload
     * @param filename the upload's filename, as shown in pypi.org's messages
     * @param distInfoPrefix {@code <name>-<ver>.dist-info}, built by the caller from the literal
     *     name and version components of the wheel filename (pypi.org looks exactly there)
     * @throws InvalidDistributionException if the archive is not an acceptable zip or lacks WHEEL
     * @throws InvalidWheelContentsException if RECORD or METADATA is missing or entry points are
     *     invalid
     * @throws UncheckedIOException if the staging file cannot be read (a server fault, not the
     *     client's)
     */
    public static WheelContents read(Path file, String filename, String distInfoPrefix, ArchiveLimits limits) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(distInfoPrefix, "distInfoPrefix");
        Objects.requireNonNull(limits, "limits");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, filename, distInfoPrefix, limits);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read staged wheel " + file, e);
        }
    }

    private static WheelContents read(FileChannel channel, String filename, String prefix, ArchiveLimits limits)
            throws IOException {
        if (!ZipStructure.looksLikeZip(channel)) {
            throw InvalidDistributionException.of("File is not a zipfile");
        }
        if (startsWithTarHeader(channel)) {
            throw InvalidDistributionException.of("File is both a zip and a tar file");
        }
        ZipStructure zip = ZipStructure.open(channel, limits);

        long uncompressed = zip.declaredUncompressedTotal();
        if (limits.exceedsRatio(uncompressed, zip.fileSize())) {
            throw InvalidDistributionException.of("File exceeds compression ratio of " + limits.ratioText());
        }
        if (uncompressed > limits.maxUncompressedTotal()) {
            throw InvalidDistributionException.zipNotAccepted(
                    "Uncompressed size exceeds the limit of " + limits.maxUncompressedTotal() + " bytes");
        }
        for (ZipStructure.CentralEntry entry : zip.entries()) {
            if (entry.method != ZipStructure.METHOD_STORED && entry.method != ZipStructure.METHOD_DEFLATED) {
                throw InvalidDistributionException.of("File does not use a supported compression type");
            }
        }
        String wheelPath = prefix + "/WHEEL";
        Optional<ZipStructure.CentralEntry> wheelEntry = zip.find(wheelPath);
        if (wheelEntry.isEmpty()) {
            throw InvalidDistributionException.of("WHEEL not found at " + wheelPath);
        }
        zip.validateRecords();

        int cap = (int) limits.maxMemberRead();
        byte[] wheel = readCapped(zip, wheelEntry.get(), cap);

        String recordPath = prefix + "/RECORD";
        byte[] record = zip.find(recordPath).map(e -> readCapped(zip, e, cap)).orElse(null);
        if (record == null || ZipStructure.decodeUtf8(record) == null) {
            throw InvalidWheelContentsException.missingRecord(filename, recordPath);
        }

        Optional<ZipStructure.CentralEntry> entryPoints = zip.find(prefix + "/entry_points.txt");
        if (entryPoints.isPresent()) {
            String text = ZipStructure.decodeUtf8(readCapped(zip, entryPoints.get(), cap));
            if (text == null || !EntryPointNames.valid(text)) {
                throw InvalidWheelContentsException.invalidEntryPoints(filename);
            }
        }

        String metadataPath = prefix + "/METADATA";
        byte[] metadata =
                zip.find(metadataPath).map(e -> readCapped(zip, e, cap)).orElse(null);
        if (metadata == null) {
            throw InvalidWheelContentsException.missingMetadata(filename, metadataPath);
        }
        return new WheelContents(metadata, wheel, record, zip.names());
    }

    private static byte[] readCapped(ZipStructure zip, ZipStructure.CentralEntry entry, int cap) {
        try {
            byte[] bytes = zip.readMember(entry, cap);
            if (bytes == null) {
                throw InvalidDistributionException.of(entry.name + " is larger than the limit of " + cap + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zip whose first block is also a valid tar header reads as two different archives. */
    private static boolean startsWithTarHeader(FileChannel channel) throws IOException {
        if (channel.size() < TarHeaderProbe.BLOCK) {
            return false;
        }
        ByteBuffer block = ByteBuffer.allocate(TarHeaderProbe.BLOCK);
        while (block.hasRemaining() && channel.read(block, block.position()) > 0) {
            // keep reading
        }
        return TarHeaderProbe.isTarHeader(block.array(), block.position());
    }
}
