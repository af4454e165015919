package dev.wharf.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small tmpfs mounted for a test that needs a full disk. Mounting needs root (CI runs the suite
 * as root); elsewhere the test is skipped with a message saying so. Closing unmounts it.
 */
public final class SmallTmpfs implements AutoCloseable {
    private final Path mount;

    private SmallTmpfs(Path mount) {
        this.mount = mount;
    }

    /** Mounts a tmpfs of {@code size} (mount's syntax: {@code 1m}, {@code 256k}) at a new directory. */
    public static SmallTmpfs mount(Path directory, String size) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        boolean mounted;
        try {
            mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", directory.toString())
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException e) {
            mounted = false;
        }
        assumeTrue(mounted, "needs root to mount a " + size + " tmpfs (run the suite as root, as CI does)");
        return new SmallTmpfs(directory);
    }

    public Path path() {
        return mount;
    }

    /** Writes a file until the file system refuses: whatever is written next finds no space. */
    public void fill() {
        try (var out = Files.newOutputStream(mount.resolve("filler"))) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // the disk is full now
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", mount.toString())
                .redirectErrorStream(true)
                .start()
                .waitFor();
    }
}
