package dev.wharf.cli;

import dev.wharf.app.Wharf;
import dev.wharf.distributions.ProjectName;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.tokens.IssuedToken;
import dev.wharf.tokens.TokenScope;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code wharf admin token ...}. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Manage API tokens.",
        subcommands = {TokenCommands.Create.class, TokenCommands.ListTokens.class, TokenCommands.Revoke.class})
final class TokenCommands {
    @ParentCommand
    AdminCommand admin;

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create an API token and print it (only the token) on standard output.",
                "Use it with user name __token__. It is shown once; Wharf keeps only its id and key."
            })
    static final class Create implements Callable<Integer> {
        private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([mhdw])");

        @ParentCommand
        TokenCommands parent;

        @Option(names = "--user", required = true, paramLabel = "NAME", description = "The user the token acts for.")
        String user;

        @Option(
                names = "--project",
                paramLabel = "NAME",
                description =
                        "Limit the token to this project (repeatable). Without it the token works for all the user's projects "
                                + "and can create new ones.")
        List<String> projects;

        @Option(
                names = "--expires",
                paramLabel = "DURATION",
                description = "Lifetime, e.g. 90m, 12h, 30d, 4w (default: no expiry).")
        String expires;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for.")
        String description = "created with wharf admin token create";

        @Option(
                names = "--public-url",
                paramLabel = "URL",
                description = "The index's public URL; its host becomes the token's location (default: from config).")
        String publicUrl;

        @Override
        public Integer call() {
            var config = parent.admin
                    .data
                    .loader()
                    .flag("server.public-url", publicUrl)
                    .load();
            Optional<Instant> expiry = Optional.ofNullable(expires)
                    .map(Create::parseDuration)
                    .map(d -> Instant.now().plus(d));
            TokenScope scope = projects == null || projects.isEmpty()
                    ? TokenScope.allProjects()
                    : TokenScope.projects(projects.stream()
                            .map(p -> ProjectName.of(p).normalized())
                            .collect(Collectors.toSet()));
            try (Wharf wharf = Wharf.open(config)) {
                var owner = wharf.users()
                        .find(user)
                        .orElseThrow(() -> new WharfException(Refusal.NOT_FOUND, "No user named '" + user + "'"));
                URI url = config.baseUrl(config.port());
                IssuedToken token = wharf.tokens().create(owner.id(), description, scope, expiry);
                System.out.println(token.secret());
            }
            return 0;
        }

        static Duration parseDuration(String text) {
            Matcher matcher = DURATION.matcher(text.trim());
            if (!matcher.matches()) {
                throw new WharfException(
                        Refusal.BAD_REQUEST, "--expires: '" + text + "' is not a duration like 90m, 12h, 30d or 4w");
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description =
                    "List a user's tokens: id, scope, created, expires, last used, revoked. Secrets are never stored.")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokenCommands parent;

        @Option(names = "--user", required = true, paramLabel = "NAME", description = "Whose tokens.")
        String user;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                var config = wharf.config();
                var owner = wharf.users()
                        .find(user)
                        .orElseThrow(() -> new WharfException(Refusal.NOT_FOUND, "No user named '" + user + "'"));
                System.out.println("ID\tSCOPE\tCREATED\tEXPIRES\tLAST USED\tREVOKED\tDESCRIPTION");
                for (var token : wharf.tokens().list(owner.id())) {
                    System.out.println(String.join(
                            "\t",
                            token.id(),
                            token.scope()
                                    .projects()
                                    .map(p -> String.join(",", p))
                                    .orElse("all projects"),
                            token.created().toString(),
                            token.expires().map(Object::toString).orElse("never"),
                            token.lastUsed().map(Object::toString).orElse("never"),
                            token.revoked() ? "yes" : "no",
                            token.description()));
                }
            });
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a token by id; it stops working at once.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokenCommands parent;

        @picocli.CommandLine.Parameters(paramLabel = "TOKEN_ID", description = "The id shown by 'token list'.")
        String id;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                var config = wharf.config();
                wharf.tokens().revoke(id);
                System.err.println("Revoked token " + id);
            });
        }
    }
}
