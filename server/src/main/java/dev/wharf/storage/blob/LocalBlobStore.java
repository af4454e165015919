package dev.wharf.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Blobs as files under a root directory. A put first lands in {@code <root>/.staging} (same file
 * system), is forced to disk, then renamed atomically into place, so a crash leaves either no file
 * or a complete one at the final path.
 */
public final class LocalBlobStore implements BlobStore {
    private final Path root;
    private final Path staging;

    public LocalBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath();
        this.staging = this.root.resolve(".staging");
        Files.createDirectories(staging);
    }

    /** A directory on the same file system as the blobs, where uploads are streamed first. */
    public Path stagingDirectory() {
        return staging;
    }

    @Override
    public void put(BlobKey key, Path stagedFile) throws IOException {
        Path target = pathOf(key);
        if (Files.exists(target)) {
            Files.deleteIfExists(stagedFile);
            return;
        }
        Files.createDirectories(target.getParent());
        Path temporary = staging.resolve(UUID.randomUUID() + ".part");
        try {
            if (stagedFile.getParent() != null && Files.getFileStore(stagedFile).equals(Files.getFileStore(staging))) {
                Files.move(stagedFile, temporary, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.copy(stagedFile, temporary);
            }
            force(temporary);
            moveIntoPlace(temporary, target);
            // Only reached when copied from another file system: the port says a put consumes it.
            Files.deleteIfExists(stagedFile);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public void put(BlobKey key, byte[] bytes) throws IOException {
        Path target = pathOf(key);
        if (Files.exists(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path temporary = staging.resolve(UUID.randomUUID() + ".part");
        try {
            Files.write(temporary, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            force(temporary);
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public Optional<Long> size(BlobKey key) throws IOException {
        try {
            return Optional.of(Files.size(pathOf(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(BlobKey key, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(pathOf(key), StandardOpenOption.READ);
        try {
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new BoundedInputStream(Channels.newInputStream(channel), length);
    }

    @Override
    public void delete(BlobKey key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    @Override
    public void list(java.util.function.Consumer<Listed> each) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.startsWith(staging) || !Files.isRegularFile(file)) {
                    continue;
                }
                String relative = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                BlobKey key;
                try {
                    key = new BlobKey(relative);
                } catch (IllegalArgumentException notABlob) {
                    continue;
                }
                each.accept(new Listed(key, Files.getLastModifiedTime(file).toInstant()));
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The file of a blob; exposed so the HTTP layer can hand local files to the OS efficiently. */
    public Path pathOf(BlobKey key) {
        return root.resolve(key.value());
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Every stored file, distribution or {@code .metadata}, gets the same mode, rw-r--r--: they are
     * what the index publishes, and the data directory's own mode is what keeps a private index
     * private. (Staged uploads are created 0600 by {@code Files.createTempFile}; metadata was written
     * with the umask's mode, so the two used to differ.)
     */
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(temporary, FILE_MODE);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // Another upload of the identical content won the race; blobs are immutable.
            return;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("blob directory does not support atomic rename: " + target.getParent(), e);
        }
        forceDirectory(target.getParent());
    }

    /**
     * Makes the rename itself durable: the catalogue row that points at this blob commits right
     * after put returns, and without syncing the directory a crash could keep the row and lose
     * the file's name (POSIX rename is atomic, not durable). Some platforms (Windows) cannot open
     * a directory for syncing; there the rename stays atomic but its durability is the OS's.
     */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Best effort, see above.
        }
    }
}
