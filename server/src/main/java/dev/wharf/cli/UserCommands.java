package dev.wharf.cli;

import dev.wharf.accounts.User;
import dev.wharf.accounts.Username;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wharf admin user ...}. */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        description = "Manage users.",
        subcommands = {UserCommands.Create.class})
final class UserCommands {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a user.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        UserCommands parent;

        @Parameters(paramLabel = "NAME", description = "User name.")
        String name;

        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Email address.")
        String email;

        @Option(
                names = "--password-stdin",
                description = "Read a password (for the web UI) from the first line of standard input.")
        boolean passwordStdin;

        @Option(names = "--admin", description = "Make the user an administrator.")
        boolean admin;

        @Override
        public Integer call() throws IOException {
            Optional<String> password = passwordStdin
                    ? Optional.ofNullable(
                            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine())
                    : Optional.empty();
            return parent.admin.run(wharf -> {
                User user = wharf.users().create(new Username(name), email, password, admin);
                System.err.println("Created user " + user.username() + (user.admin() ? " (admin)" : ""));
            });
        }
    }
}
