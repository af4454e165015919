package dev.wharf.cli;

import dev.wharf.devissuer.DevIssuer;
import dev.wharf.devissuer.DevIssuerSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wharf dev-issuer}: a local stand-in for GitHub Actions' OIDC token service. */
@Command(
        name = "dev-issuer",
        mixinStandardHelpOptions = true,
        description = {
            "Run a development OpenID Connect issuer that behaves like GitHub Actions' token service.",
            "Prints the export lines a shell needs so that 'wharf publish' (or the GitHub action's exchange) finds",
            "ambient credentials, and the command that makes a Wharf server trust this issuer. Never use it in production."
        })
final class DevIssuerCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", description = "Port on 127.0.0.1 (default: a free one).")
    int port;

    @Option(
            names = "--repository",
            paramLabel = "OWNER/REPO",
            description = "The repository the tokens name (default: octo-org/octo-repo).")
    String repository = "octo-org/octo-repo";

    @Option(names = "--owner-id", paramLabel = "ID", description = "The owner's numeric GitHub id (default: 1000001).")
    String ownerId = "1000001";

    @Option(names = "--workflow", paramLabel = "FILE", description = "Workflow file name (default: release.yml).")
    String workflow = "release.yml";

    @Option(names = "--environment", paramLabel = "ENV", description = "GitHub environment of the job (default: none).")
    String environment;

    @Option(names = "--ref", paramLabel = "REF", description = "Git ref (default: refs/heads/main).")
    String ref = "refs/heads/main";

    @Option(names = "--event", paramLabel = "NAME", description = "event_name claim (default: push).")
    String event = "push";

    @Option(
            names = "--jwks-out",
            paramLabel = "FILE",
            description =
                    "Also write the public keys here, for 'wharf admin issuer add --jwks FILE' on a server that cannot reach this issuer.")
    Path jwksOut;

    @Override
    public Integer call() throws IOException {
        String[] parts = repository.split("/", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--repository must be OWNER/REPO");
        }
        DevIssuerSettings settings = new DevIssuerSettings(
                parts[0],
                ownerId,
                parts[1],
                workflow,
                ref,
                Optional.ofNullable(environment),
                event,
                Duration.ofMinutes(5));
        DevIssuer issuer = new DevIssuer(settings, Clock.systemUTC());
        URI url = issuer.start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(issuer::close, "dev-issuer-shutdown"));
        if (jwksOut != null) {
            Files.writeString(jwksOut, issuer.jwks().toString());
        }
        System.out.println(
                "# Wharf development OIDC issuer at " + url + " (GitHub Actions kind). Paste into your shell:");
        System.out.println("export ACTIONS_ID_TOKEN_REQUEST_URL='" + issuer.requestUrl() + "'");
        System.out.println("export ACTIONS_ID_TOKEN_REQUEST_TOKEN='" + issuer.requestToken() + "'");
        System.out.println("# Make a Wharf server trust it (only do this on a development server):");
        System.out.println("#   ./wharf admin issuer add " + url + " --kind github");
        System.out.println("# and register the publisher it impersonates:");
        System.out.println(
                "#   ./wharf admin publisher add --project NAME --issuer " + url + " --kind github --owner " + parts[0]
                        + " --owner-id " + ownerId + " --repository " + parts[1] + " --workflow " + workflow
                        + (environment == null ? "" : " --environment " + environment));
        System.out.flush();
        return 0;
    }
}
