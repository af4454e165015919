package dev.wharf.cli;

import dev.wharf.app.Wharf;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code wharf admin ...}: administration against the same data as a running server (SQLite allows
 * one writer at a time; admin writes wait for the server's, never the reverse for long).
 */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description =
                "Administer users, tokens, projects, trusted publishers, issuers and indexes. Works while the server runs against the same data.",
        subcommands = {
            UserCommands.class,
            TokenCommands.class,
            ProjectCommands.class,
            PublisherCommands.class,
            IssuerCommands.class,
            IndexCommands.class,
            EventsCommand.class
        })
final class AdminCommand {
    @Mixin
    DataOptions data;

    /** Every admin command's shape: open the index, act on it, close it; exit code 0 unless it throws. */
    int run(Consumer<Wharf> action) {
        try (Wharf wharf = Wharf.open(data.load())) {
            action.accept(wharf);
        }
        return 0;
    }
}
