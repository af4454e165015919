package dev.wharf.clients;

import java.util.List;

/**
 * What one client process did: its command, exit code and combined stdout/stderr. {@link
 * #describe()} is meant for assertion messages, so a failing test shows what the client printed.
 */
record ClientRun(List<String> command, int exitCode, String output) {

    boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * The output with every run of whitespace made one space: twine and pdm print through rich,
     * which wraps a long server message across indented lines, and assertions about the message
     * must not depend on where the wrap fell.
     */
    String text() {
        return output.replaceAll("\\s+", " ");
    }

    String describe() {
        return "$ " + String.join(" ", command) + "\n(exit " + exitCode + ")\n" + output;
    }
}
