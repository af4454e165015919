package dev.wharf.cli;

import dev.wharf.publishing.oidc.Issuer;
import dev.wharf.publishing.oidc.IssuerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wharf admin issuer ...}: the OpenID Connect issuers whose tokens Trusted Publishing accepts. */
@Command(
        name = "issuer",
        mixinStandardHelpOptions = true,
        description = {
            "Manage OIDC issuers. GitHub Actions, GitLab.com, Google and ActiveState are built in;",
            "add GitHub Enterprise Server (https://HOST/_services/token) or self-managed GitLab here."
        },
        subcommands = {IssuerCommands.Add.class, IssuerCommands.ListIssuers.class, IssuerCommands.Remove.class})
final class IssuerCommands {
    @ParentCommand
    AdminCommand admin;

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Trust tokens from an issuer of a known kind.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        IssuerCommands parent;

        @Parameters(paramLabel = "URL", description = "The issuer exactly as tokens carry it in 'iss'.")
        String url;

        @Option(
                names = "--kind",
                required = true,
                paramLabel = "KIND",
                description = "github or gitlab (also google, activestate).")
        String kind;

        @Option(
                names = "--jwks",
                paramLabel = "FILE",
                description = "Pin the issuer's public keys from this JWKS file, for issuers Wharf cannot reach.")
        Path jwks;

        @Override
        public Integer call() throws IOException {
            Optional<String> pinned = jwks == null ? Optional.empty() : Optional.of(Files.readString(jwks));
            return parent.admin.run(wharf -> {
                Issuer issuer = wharf.issuers()
                        .add(
                                url,
                                IssuerKind.ofService(kind)
                                        .orElseThrow(() -> new dev.wharf.errors.WharfException(
                                                dev.wharf.errors.Refusal.BAD_REQUEST,
                                                "--kind must be github, gitlab, google or activestate")),
                                pinned);
                System.err.println("Trusting " + issuer.kind().service() + " tokens from " + issuer.url()
                        + (issuer.pinnedJwks().isPresent() ? " (pinned keys)" : ""));
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the issuers, built-in ones first.")
    static final class ListIssuers implements Callable<Integer> {
        @ParentCommand
        IssuerCommands parent;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                System.out.println("KIND\tURL\tSOURCE");
                for (Issuer issuer : wharf.issuers().list()) {
                    System.out.println(issuer.kind().service() + "\t" + issuer.url() + "\t"
                            + (issuer.builtIn()
                                    ? "built in"
                                    : issuer.pinnedJwks().isPresent() ? "added, pinned keys" : "added"));
                }
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Stop trusting an added issuer.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        IssuerCommands parent;

        @Parameters(paramLabel = "URL")
        String url;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                wharf.issuers().remove(url);
                System.err.println("No longer trusting " + url);
            });
        }
    }
}
