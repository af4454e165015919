package dev.wharf.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's Python packaging tools as child processes in an environment built from scratch.
 *
 * <p>Nothing is inherited from the JVM's environment: the machines running the suite set
 * {@code PIP_FIND_LINKS}, {@code PIP_CERT} and friends, and a pip that also looks in a local
 * wheel directory would prove nothing about Wharf. Every tool gets a private {@code HOME},
 * XDG directories, caches and {@code TMPDIR} under the sandbox directory, pip ignores all config
 * files ({@code PIP_CONFIG_FILE=/dev/null}, pip's documented way to do so), and keyring is the
 * null backend so twine and poetry never reach for a desktop secret store. Only {@code /usr/bin}
 * is on {@code PATH}: the first {@code python3} on the developer's PATH may be another build
 * without Debian's packages.
 */
final class ClientSandbox {
    static final String PYTHON = "/usr/bin/python3";
    static final String TWINE = "/usr/bin/twine";
    static final String POETRY = "/usr/bin/poetry";
    static final String PDM = "/usr/bin/pdm";
    static final Path DEBIAN_WHEELS = Path.of("/usr/share/python-wheels");
    /** Far above what any single step takes here (the slowest, venv creation, takes ~2 s). */
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Client output kept for assertion messages; twine's progress bars are long. */
    private static final int MAX_OUTPUT_CHARS = 200_000;

    private final Path root;
    private final Map<String, String> environment;

    private ClientSandbox(Path root, Map<String, String> environment) {
        this.root = root;
        this.environment = environment;
    }

    /** A sandbox whose home, caches and temporary files all live under {@code directory}. */
    static ClientSandbox in(Path directory) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", mkdirs(directory.resolve("home")).toString());
        env.put("TMPDIR", mkdirs(directory.resolve("tmp")).toString());
        env.put("XDG_CACHE_HOME", mkdirs(directory.resolve("home/.cache")).toString());
        env.put("XDG_CONFIG_HOME", mkdirs(directory.resolve("home/.config")).toString());
        env.put("XDG_DATA_HOME", mkdirs(directory.resolve("home/.local/share")).toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PIP_CONFIG_FILE", "/dev/null");
        env.put("PIP_CACHE_DIR", mkdirs(directory.resolve("home/.cache/pip")).toString());
        env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        env.put("PIP_NO_INPUT", "1");
        env.put(
                "POETRY_CACHE_DIR",
                mkdirs(directory.resolve("home/.cache/pypoetry")).toString());
        env.put("POETRY_VIRTUALENVS_CREATE", "false");
        env.put("PDM_CHECK_UPDATE", "false");
        env.put("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring");
        // twine, poetry and pdm print through rich/cleo: no colour codes, and lines wide enough
        // that a server message is rarely wrapped (ClientRun.text() undoes wrapping anyway). No
        // TERM=dumb: rich then fixes the width at 80 columns whatever COLUMNS says.
        env.put("NO_COLOR", "1");
        env.put("COLUMNS", "400");
        return new ClientSandbox(directory, Map.copyOf(env));
    }

    Path root() {
        return root;
    }

    /** Runs {@code command} in {@code workDir}; never throws for a non-zero exit. */
    ClientRun run(Path workDir, List<String> command) {
        return run(workDir, Map.of(), command);
    }

    /** Runs {@code command} with {@code extraEnvironment} added to the sandbox's. */
    ClientRun run(Path workDir, Map<String, String> extraEnvironment, List<String> command) {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().putAll(extraEnvironment);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            // Output goes to a file, not a pipe: a chatty client can never block on a full pipe.
            Path log = Files.createTempFile(mkdirs(root.resolve("logs")), "run-", ".log");
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new ClientRun(
                        List.copyOf(command), -1, "timed out after " + TIMEOUT.toSeconds() + " s\n" + read(log));
            }
            return new ClientRun(List.copyOf(command), process.exitValue(), read(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /**
     * {@code twine upload} of {@code files}, non-interactive. The token travels in
     * {@code TWINE_PASSWORD}, not on the command line, so it appears neither in the process list
     * nor in the command shown by a failing assertion.
     */
    ClientRun twineUpload(Path workDir, String legacyUrl, String token, List<Path> files) {
        List<String> command = new ArrayList<>(
                List.of(TWINE, "upload", "--non-interactive", "--disable-progress-bar", "--repository-url", legacyUrl));
        files.forEach(f -> command.add(f.toString()));
        return run(workDir, Map.of("TWINE_USERNAME", "__token__", "TWINE_PASSWORD", token), command);
    }

    static List<Path> debianWheels() {
        return List.of(
                DEBIAN_WHEELS.resolve("pip-23.0.1-py3-none-any.whl"),
                DEBIAN_WHEELS.resolve("setuptools-66.1.1-py3-none-any.whl"),
                DEBIAN_WHEELS.resolve("wheel-0.38.4-py3-none-any.whl"));
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files directly in {@code directory}, sorted by name (a build's {@code dist/}). */
    static List<Path> filesIn(Path directory) {
        try (var files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path mkdirs(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path log) throws IOException {
        // Lenient decoding: a client printing bytes that are not UTF-8 must not hide its output.
        String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        return text.length() <= MAX_OUTPUT_CHARS ? text : text.substring(text.length() - MAX_OUTPUT_CHARS);
    }
}
