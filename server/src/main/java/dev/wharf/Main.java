package dev.wharf;

import dev.wharf.cli.WharfCommand;

/** Runs the command line; {@code wharf serve} starts the index. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int exit = WharfCommand.commandLine().execute(args);
        if (exit != 0 || !WharfCommand.keepsRunning(args)) {
            System.exit(exit);
        }
    }
}
