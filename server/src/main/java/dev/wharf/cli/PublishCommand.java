package dev.wharf.cli;

import dev.wharf.client.AmbientCredentials;
import dev.wharf.client.DistributionForm;
import dev.wharf.client.PublishException;
import dev.wharf.client.TokenExchange;
import dev.wharf.client.UploadClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wharf publish}: Trusted Publishing from CI, without a stored secret. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Upload distributions using Trusted Publishing: find the CI job's OpenID Connect token,",
            "exchange it at the index for a short-lived upload token, and upload every file.",
            "Exits non-zero if any file fails, with the index's message."
        })
final class PublishCommand implements Callable<Integer> {
    @Option(
            names = "--repository-url",
            paramLabel = "URL",
            description =
                    "The index's upload URL (default: $WHARF_REPOSITORY_URL, else http://127.0.0.1:8080/legacy/).")
    String repositoryUrl;

    @Option(
            names = "--id-token-file",
            paramLabel = "FILE",
            description = "Read the OIDC ID token from this file instead of the CI environment.")
    Path idTokenFile;

    @Option(
            names = "--token-env",
            paramLabel = "VAR",
            description = "Skip the exchange and upload with the API token in this environment variable.")
    String tokenEnvironmentVariable;

    @Option(
            names = "--cert",
            paramLabel = "PEM",
            description =
                    "Trust the CA certificates in this PEM file for the index (e.g. an internal CA), like twine's --cert.")
    Path caBundle;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Wheels (.whl) and sdists (.tar.gz), e.g. dist/*.")
    List<Path> files;

    @Override
    public Integer call() {
        URI uploadUrl = URI.create(
                repositoryUrl != null
                        ? repositoryUrl
                        : System.getenv().getOrDefault("WHARF_REPOSITORY_URL", "http://127.0.0.1:8080/legacy/"));
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1);
        if (caBundle != null) {
            builder.sslContext(dev.wharf.client.TrustedCertificates.sslContext(caBundle));
        }
        HttpClient http = builder.build();
        String token;
        if (tokenEnvironmentVariable != null) {
            token = Optional.ofNullable(System.getenv(tokenEnvironmentVariable))
                    .filter(t -> !t.isBlank())
                    .orElseThrow(() -> new PublishException("$" + tokenEnvironmentVariable + " is not set"));
        } else {
            TokenExchange exchange = new TokenExchange(http, uploadUrl);
            String audience = exchange.audience();
            String idToken =
                    new AmbientCredentials(System.getenv(), http).detect(audience, Optional.ofNullable(idTokenFile));
            token = exchange.mint(idToken);
            System.err.println("Exchanged the OIDC token for a short-lived upload token.");
        }
        // Wheels before sdists, as pdm does: installers prefer wheels, so they should appear first.
        List<Path> ordered = new ArrayList<>(files);
        ordered.sort((a, b) ->
                Boolean.compare(!a.toString().endsWith(".whl"), !b.toString().endsWith(".whl")));
        UploadClient client = new UploadClient(http, uploadUrl, token);
        int failures = 0;
        for (Path file : ordered) {
            UploadClient.Result result;
            try {
                result = client.upload(DistributionForm.of(file));
            } catch (RuntimeException e) {
                result = new UploadClient.Result(file.getFileName().toString(), false, e.getMessage());
            }
            System.out.println((result.ok() ? "ok      " : "FAILED  ")
                    + result.filename()
                    + (result.ok() ? "" : ": " + result.message()));
            if (!result.ok()) {
                failures++;
            }
        }
        System.out.println(ordered.size() - failures + " of " + ordered.size() + " files published to " + uploadUrl);
        return failures == 0 ? 0 : 1;
    }
}
