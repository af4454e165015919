package dev.wharf.cli;

import dev.wharf.errors.WharfException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the command line. */
@Command(
        name = "wharf",
        mixinStandardHelpOptions = true,
        version = "Wharf 0.1.0",
        description = "A self-hosted, PyPI-compatible package index with Trusted Publishing.",
        subcommands = {
            ServeCommand.class,
            AdminCommand.class,
            DevIssuerCommand.class,
            PublishCommand.class,
            CommandLine.HelpCommand.class
        })
public final class WharfCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** A command line whose refusals print as one line on stderr, with exit code 2. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new WharfCommand());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof WharfException refused) {
                cmd.getErr().println("wharf: " + refused.getMessage());
                return 2;
            }
            if (dev.wharf.errors.StorageFull.causedBy(exception)) {
                // The operator's condition, said in one line: a stack trace would bury it.
                cmd.getErr()
                        .println("wharf: no space left on the device holding the data directory or database ("
                                + exception.getMessage() + "); free some space and run the command again");
                return 1;
            }
            throw exception;
        });
        return commandLine;
    }

    /** {@code serve} keeps the JVM alive after its command returns; everything else exits. */
    public static boolean keepsRunning(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return arg.equals("serve") || arg.equals("dev-issuer");
            }
        }
        return false;
    }
}
