package dev.wharf.clients;

import static dev.wharf.clients.ClientSandbox.PYTHON;
import static dev.wharf.clients.ClientSandbox.TWINE;
import static dev.wharf.clients.ClientSandbox.filesIn;
import static dev.wharf.clients.ClientSandbox.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.devissuer.DevIssuer;
import dev.wharf.devissuer.DevIssuerSettings;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official GitHub action's exchange against a Wharf serving HTTPS with a test CA: {@code
 * oidc_exchange.py} (test resources) makes the action's exact requests with Debian's
 * python3-requests (and, for the ID token, urllib3 as the {@code id} package does), trusting the
 * CA through {@code REQUESTS_CA_BUNDLE} as a job container would; Debian's twine then uploads with
 * the minted token, as the action's {@code twine-upload.sh} does ({@code TWINE_USERNAME=__token__},
 * the token in {@code TWINE_PASSWORD}).
 *
 * <p>The action always speaks https to the repository URL's host and port; this is the only test
 * that shows Wharf's exchange reachable that way.
 */
@Tag("clients")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActionExchangeOverHttpsTest {
    private static final Pattern MINTED = Pattern.compile("(?m)^(pypi-[A-Za-z0-9_-]+)$");
    private static final String OWNER = "octo-org";
    private static final String OWNER_ID = "4242";

    private TestWharf wharf;
    private ClientSandbox sandbox;
    private TestCertificateAuthority ca;
    private HttpClient trustingCa;
    private Path scratch;
    private Path script;
    private final List<DevIssuer> issuers = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path tempDir) throws IOException {
        scratch = tempDir;
        sandbox = ClientSandbox.in(scratch.resolve("client"));
        ca = TestCertificateAuthority.create(scratch.resolve("tls"), sandbox);
        trustingCa = ca.httpClient();
        wharf = TestWharf.start(
                Dialect.SQLITE,
                scratch,
                loader -> loader.flag("oidc.allow-insecure-local-issuers", true)
                        .flag("server.tls-cert", ca.serverChain())
                        .flag("server.tls-key", ca.serverKey()));
        assertThat(wharf.url().getScheme()).isEqualTo("https");
        try (InputStream in = getClass().getResourceAsStream("oidc_exchange.py")) {
            script = scratch.resolve("oidc_exchange.py");
            Files.write(script, in.readAllBytes());
        }
    }

    @AfterAll
    void stop() {
        issuers.forEach(DevIssuer::close);
        if (wharf != null) {
            wharf.close();
        }
    }

    @Test
    void theActionsExchangeMintsATokenThatTwineUploadsWith() {
        DevIssuer issuer = devIssuer("tpaction-repo");
        long alice = wharf.wharf()
                .users()
                .create(new dev.wharf.accounts.Username("alice"), "alice@example.org", Optional.empty(), false)
                .id();
        wharf.wharf()
                .publisherService()
                .addPending(
                        GitHubIdentity.validated(
                                OWNER,
                                OWNER_ID,
                                "tpaction-repo",
                                "release.yml",
                                "",
                                issuer.issuerUrl().toString()),
                        "tpaction",
                        alice);
        List<Path> dist = build("tpaction");

        ClientRun exchange = exchange(issuer);

        assertThat(exchange.exitCode()).as(exchange.describe()).isZero();
        Matcher minted = MINTED.matcher(exchange.output());
        assertThat(minted.find()).as(exchange.describe()).isTrue();
        String token = minted.group(1);
        assertThat(exchange.output()).contains("::add-mask::" + token);

        List<String> command = new ArrayList<>(List.of(
                TWINE,
                "upload",
                "--non-interactive",
                "--disable-progress-bar",
                "--repository-url",
                wharf.url("/legacy/"),
                "--cert",
                ca.caCertificate().toString()));
        dist.forEach(f -> command.add(f.toString()));
        // twine-upload.sh exports TWINE_USERNAME/TWINE_PASSWORD; -u/-p would put the token in the process list.
        ClientRun upload =
                sandbox.run(scratch, Map.of("TWINE_USERNAME", "__token__", "TWINE_PASSWORD", token), command);

        assertThat(upload.exitCode()).as(upload.describe()).isZero();
        assertThat(upload.output()).as(upload.describe()).doesNotContain(token);
        assertThat(SimpleIndexPage.fetch(trustingCa, wharf.url(), "tpaction").sha256ByFilename())
                .containsOnly(
                        Map.entry("tpaction-1.0.0-py3-none-any.whl", sha256(dist.getFirst())),
                        Map.entry("tpaction-1.0.0.tar.gz", sha256(dist.get(1))));
        long viaPublisher = wharf.wharf()
                .database()
                .read(h -> h.createQuery(
                                "SELECT count(*) FROM files WHERE publisher_id IS NOT NULL AND filename LIKE 'tpaction-%'")
                        .mapTo(Long.class)
                        .one());
        assertThat(viaPublisher).isEqualTo(2);
    }

    /**
     * An issuer Wharf trusts, but no publisher for its repository: the index answers 422 and the
     * script prints each error as the action does ({@code * `code`: description}), then fails.
     */
    @Test
    void anExchangeWithoutAPublisherPrintsTheIndexsErrorsAndFails() {
        DevIssuer issuer = devIssuer("unregistered-repo");
        long refusedBefore = refusedExchanges();

        ClientRun exchange = exchange(issuer);

        assertThat(exchange.exitCode()).as(exchange.describe()).isEqualTo(1);
        assertThat(exchange.output())
                .as(exchange.describe())
                .contains("::error::Trusted publishing exchange failure: Token request failed: "
                        + "the server refused the request for the following reasons:")
                .contains("* `invalid-publisher`: valid token, but no corresponding publisher")
                .doesNotContain("pypi-");
        assertThat(refusedExchanges()).isEqualTo(refusedBefore + 1);
    }

    /** Runs the script as the action's container would, trusting the test CA and nothing else. */
    private ClientRun exchange(DevIssuer issuer) {
        return sandbox.run(
                scratch,
                Map.of(
                        "GITHUB_ACTIONS", "true",
                        "ACTIONS_ID_TOKEN_REQUEST_URL", issuer.requestUrl(),
                        "ACTIONS_ID_TOKEN_REQUEST_TOKEN", issuer.requestToken(),
                        "REQUESTS_CA_BUNDLE", ca.caCertificate().toString()),
                List.of(PYTHON, script.toString(), wharf.url("/legacy/")));
    }

    private long refusedExchanges() {
        return wharf.wharf()
                .database()
                .read(h -> h.createQuery("SELECT count(*) FROM events WHERE kind = 'oidc:mint-refused'")
                        .mapTo(Long.class)
                        .one());
    }

    private DevIssuer devIssuer(String repository) {
        DevIssuer issuer = new DevIssuer(
                new DevIssuerSettings(
                        OWNER,
                        OWNER_ID,
                        repository,
                        "release.yml",
                        "refs/tags/v1.0.0",
                        Optional.empty(),
                        "push",
                        Duration.ofMinutes(5)),
                Clock.systemUTC());
        issuers.add(issuer);
        try {
            URI url = issuer.start(0);
            wharf.wharf().issuers().add(url.toString(), IssuerKind.GITHUB, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return issuer;
    }

    private List<Path> build(String name) {
        Path project = DemoProjects.setuptoolsProject(scratch.resolve(name), name, "1.0.0", "over https");
        Path dist = project.resolve("dist");
        ClientRun build = sandbox.run(
                project,
                List.of(
                        PYTHON,
                        "-m",
                        "build",
                        "--no-isolation",
                        "--wheel",
                        "--sdist",
                        "--outdir",
                        dist.toString(),
                        "."));
        assertThat(build.exitCode()).as(build.describe()).isZero();
        return filesIn(dist);
    }
}
