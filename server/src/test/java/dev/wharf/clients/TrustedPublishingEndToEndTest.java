package dev.wharf.clients;

import static dev.wharf.clients.ClientSandbox.PYTHON;
import static dev.wharf.clients.ClientSandbox.filesIn;
import static dev.wharf.clients.ClientSandbox.sha256;
import static dev.wharf.clients.ClientSandbox.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.devissuer.DevIssuer;
import dev.wharf.devissuer.DevIssuerSettings;
import dev.wharf.publishing.PendingPublisher;
import dev.wharf.publishing.StoredPublisher;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.RawHttp;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trusted Publishing end to end, the way a CI job does it: a development OIDC issuer stands in for
 * GitHub Actions, {@code wharf publish} runs as its own process (so it finds its credentials in a
 * real process environment, {@code System.getenv()}), exchanges the ID token at {@code
 * /_/oidc/mint-token} and uploads what {@code python3 -m build} made; then Debian's pip installs
 * the result from {@code /simple/} into a fresh venv.
 *
 * <p>Each test has its own issuer (its own port, hence its own {@code iss}) and its own GitHub
 * repository, so no token can match another test's publisher and the tests may run in any order.
 */
@Tag("clients")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustedPublishingEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OWNER = "octo-org";
    private static final String OWNER_ID = "4242";
    private static final String WORKFLOW = "release.yml";

    private TestWharf wharf;
    private ClientSandbox sandbox;
    private Path scratch;
    private long alice;
    private String aliceToken;
    private final List<DevIssuer> issuers = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path tempDir) {
        scratch = tempDir;
        wharf = TestWharf.start(
                Dialect.SQLITE, scratch, loader -> loader.flag("oidc.allow-insecure-local-issuers", true));
        sandbox = ClientSandbox.in(scratch.resolve("client"));
        aliceToken = wharf.userWithToken("alice");
        alice = wharf.wharf().users().find("alice").orElseThrow().id();
    }

    @AfterAll
    void stop() {
        issuers.forEach(DevIssuer::close);
        if (wharf != null) {
            wharf.close();
        }
    }

    /**
     * The headline flow: a pending publisher, {@code wharf publish} with only GitHub's two
     * ambient variables, the project created on first publish and owned by the pending publisher's
     * registrant, every file attributed to the publisher, and pip installing it.
     */
    @Test
    void gitHubAmbientPublishCreatesThePendingProjectAndPipInstallsIt() {
        DevIssuer issuer = devIssuer("tpdemo-repo");
        PendingPublisher pending =
                wharf.wharf().publisherService().addPending(identity(issuer, "tpdemo-repo"), "tpdemo", alice);
        List<Path> dist = build("tpdemo", "1.0.0", "published by a trusted publisher", true);

        ClientRun publish = wharfPublish(
                Map.of(
                        "GITHUB_ACTIONS", "true",
                        "ACTIONS_ID_TOKEN_REQUEST_URL", issuer.requestUrl(),
                        "ACTIONS_ID_TOKEN_REQUEST_TOKEN", issuer.requestToken()),
                dist);

        assertThat(publish.exitCode()).as(publish.describe()).isZero();
        assertThat(publish.output())
                .as(publish.describe())
                .contains("Exchanged the OIDC token for a short-lived upload token.")
                .contains("ok      tpdemo-1.0.0-py3-none-any.whl")
                .contains("ok      tpdemo-1.0.0.tar.gz")
                .contains("2 of 2 files published to " + wharf.url("/legacy/"))
                .doesNotContain("pypi-");
        assertThat(SimpleIndexPage.fetch(wharf.url(), "tpdemo").sha256ByFilename())
                .containsOnly(
                        Map.entry("tpdemo-1.0.0-py3-none-any.whl", sha256(dist.get(0))),
                        Map.entry("tpdemo-1.0.0.tar.gz", sha256(dist.get(1))));
        // Reification: the project exists now, alice (who registered the pending publisher) owns it.
        assertThat(queryStrings("SELECT u.username || ':' || r.role FROM roles r JOIN users u ON u.id = r.user_id "
                        + "JOIN projects p ON p.id = r.project_id WHERE p.normalized_name = 'tpdemo'"))
                .containsExactly("alice:Owner");
        StoredPublisher publisher =
                wharf.wharf().publisherService().list("tpdemo").getFirst();
        assertThat(publisher.identity()).isEqualTo(pending.identity());
        assertUploadedThroughPublisher("tpdemo", publisher.id(), "tpdemo-repo", 2);
        assertThat(mintEvents("tpdemo"))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.path("reified_from_pending_publisher").asBoolean())
                                .isTrue())
                .satisfies(e -> assertThat(e.path("publisher_id").asLong()).isEqualTo(publisher.id()));

        Path venv = newVenv("venv-tpdemo");
        ClientRun install = sandbox.run(
                scratch,
                List.of(
                        venv.resolve("bin/python").toString(),
                        "-m",
                        "pip",
                        "install",
                        "--no-cache-dir",
                        "--index-url",
                        wharf.url("/simple/"),
                        "tpdemo==1.0.0"));
        assertThat(install.exitCode()).as(install.describe()).isZero();
        assertThat(install.text()).as(install.describe()).contains("Successfully installed tpdemo-1.0.0");
        ClientRun imported = sandbox.run(
                scratch,
                List.of(
                        venv.resolve("bin/python").toString(),
                        "-c",
                        "import tpdemo; print(tpdemo.GREETING); print(tpdemo.__file__)"));
        assertThat(imported.exitCode()).as(imported.describe()).isZero();
        assertThat(imported.text())
                .as(imported.describe())
                .contains("published by a trusted publisher")
                .contains(venv.resolve("lib").toString());
    }

    /**
     * An ordinary publisher on a project alice already uploaded to by hand; the ID token comes from
     * the issuer's request URL (as {@code curl} in a CI step would fetch it) and is handed over
     * with {@code --id-token-file}, with no CI variables in the environment at all.
     */
    @Test
    void idTokenFilePublishesANewVersionOfAnExistingProject() {
        RawHttp.Response manual =
                new RawHttp(wharf.url()).upload(UploadForm.wheel("tpexist", "0.1"), RawHttp.basicToken(aliceToken));
        assertThat(manual.status()).as(manual.toString()).isEqualTo(200);
        DevIssuer issuer = devIssuer("tpexist-repo");
        StoredPublisher publisher =
                wharf.wharf().publisherService().add("tpexist", identity(issuer, "tpexist-repo"), Optional.of(alice));
        List<Path> dist = build("tpexist", "1.0.0", "a new version", false);
        Path idToken = write(scratch.resolve("tpexist-id-token"), fetchIdToken(issuer, audience()));

        ClientRun publish = wharfPublish(Map.of(), "--id-token-file", idToken.toString(), dist);

        assertThat(publish.exitCode()).as(publish.describe()).isZero();
        assertThat(publish.output()).as(publish.describe()).contains("1 of 1 files published");
        assertThat(SimpleIndexPage.fetch(wharf.url(), "tpexist").sha256ByFilename())
                .containsKeys("tpexist-0.1-py3-none-any.whl")
                .containsEntry("tpexist-1.0.0-py3-none-any.whl", sha256(dist.getFirst()));
        assertUploadedThroughPublisher("tpexist", publisher.id(), "tpexist-repo", 1);
        assertThat(mintEvents("tpexist"))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.path("reified_from_pending_publisher").asBoolean())
                                .isFalse());
        // The hand-made 0.1 stays alice's own upload, not the publisher's.
        assertThat(
                        queryStrings(
                                "SELECT coalesce(cast(publisher_id AS TEXT), 'none') FROM files WHERE filename = 'tpexist-0.1-py3-none-any.whl'"))
                .containsExactly("none");

        // The same token again: its jti is spent, so the index refuses and the CLI exits non-zero.
        ClientRun replay = wharfPublish(Map.of(), "--id-token-file", idToken.toString(), dist);
        assertThat(replay.exitCode()).as(replay.describe()).isNotZero();
        assertThat(replay.output()).as(replay.describe()).contains("invalid-reuse-token");
    }

    /**
     * GitLab CI puts the ID token in a variable named after the audience ({@code id} package,
     * github.com/di/id, {@code id/_internal/oidc/ambient.py}). The development issuer only makes GitHub-shaped
     * tokens, so this proves the CLI's detection path (variable name derived from Wharf's
     * audience, no GitHub variables present), not GitLab's claim matching, which the publishing
     * package's GitLab tests cover.
     */
    @Test
    void gitLabStyleAudienceVariableIsFoundByTheCli() {
        DevIssuer issuer = devIssuer("tpgitlab-repo");
        wharf.wharf().publisherService().addPending(identity(issuer, "tpgitlab-repo"), "tpgitlab", alice);
        List<Path> dist = build("tpgitlab", "1.0.0", "found in a GitLab variable", false);
        String audience = audience();
        String variable = gitLabVariable(audience);
        assertThat(variable).as("audience %s", audience).matches("_27_0_0_1_[0-9]+_ID_TOKEN");

        ClientRun publish = wharfPublish(Map.of("GITLAB_CI", "true", variable, issuer.issue(audience)), dist);

        assertThat(publish.exitCode()).as(publish.describe()).isZero();
        assertThat(publish.output()).as(publish.describe()).contains("1 of 1 files published");
        assertUploadedThroughPublisher(
                "tpgitlab",
                wharf.wharf().publisherService().list("tpgitlab").getFirst().id(),
                "tpgitlab-repo",
                1);

        // Without the variable the CLI says which one it looked for, and uploads nothing.
        ClientRun missing = wharfPublish(Map.of("GITLAB_CI", "true"), dist);
        assertThat(missing.exitCode()).as(missing.describe()).isNotZero();
        assertThat(missing.output())
                .as(missing.describe())
                .contains("No OpenID Connect token found")
                .contains(variable);
    }

    /** The {@code id} package's rule: upper-case, then {@code [^A-Z0-9_]|^[^A-Z_]} becomes {@code _}. */
    private static String gitLabVariable(String audience) {
        return audience.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]|^[^A-Z_]", "_") + "_ID_TOKEN";
    }

    private DevIssuer devIssuer(String repository) {
        DevIssuer issuer = new DevIssuer(
                new DevIssuerSettings(
                        OWNER,
                        OWNER_ID,
                        repository,
                        WORKFLOW,
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

    private static GitHubIdentity identity(DevIssuer issuer, String repository) {
        return GitHubIdentity.validated(
                OWNER, OWNER_ID, repository, WORKFLOW, "", issuer.issuerUrl().toString());
    }

    private String audience() {
        return sendForJson(HttpRequest.newBuilder(URI.create(wharf.url("/_/oidc/audience")))
                        .GET()
                        .build())
                .path("audience")
                .asString();
    }

    /** What a CI step does with curl: GET the request URL plus {@code &audience=}, bearer request token. */
    private static String fetchIdToken(DevIssuer issuer, String audience) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        issuer.requestUrl() + "&audience=" + URLEncoder.encode(audience, StandardCharsets.UTF_8)))
                .header("Authorization", "bearer " + issuer.requestToken())
                .GET()
                .build();
        return sendForJson(request).path("value").asString();
    }

    private static JsonNode sendForJson(HttpRequest request) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("%s: %s", request.uri(), response.body())
                    .isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Builds the project; {@code withSdist} adds the sdist (the first test installs, the others only need a wheel). */
    private List<Path> build(String name, String version, String greeting, boolean withSdist) {
        Path project = DemoProjects.setuptoolsProject(scratch.resolve(name), name, version, greeting);
        Path dist = project.resolve("dist");
        List<String> command = new ArrayList<>(List.of(PYTHON, "-m", "build", "--no-isolation", "--wheel"));
        if (withSdist) {
            command.add("--sdist");
        }
        command.addAll(List.of("--outdir", dist.toString(), "."));
        ClientRun build = sandbox.run(project, command);
        assertThat(build.exitCode()).as(build.describe()).isZero();
        return filesIn(dist);
    }

    private ClientRun wharfPublish(Map<String, String> environment, List<Path> files) {
        return wharfPublish(environment, null, null, files);
    }

    /**
     * {@code wharf publish} in a JVM of its own, on this test's classpath: only a child process
     * can be given the CI variables, since {@code PublishCommand} reads {@code System.getenv()}.
     * Its environment is the sandbox's (nothing inherited) plus {@code environment}.
     */
    private ClientRun wharfPublish(Map<String, String> environment, String option, String value, List<Path> files) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.wharf.Main",
                "publish",
                "--repository-url",
                wharf.url("/legacy/")));
        if (option != null) {
            command.addAll(List.of(option, value));
        }
        files.forEach(f -> command.add(f.toString()));
        return sandbox.run(scratch, environment, command);
    }

    /**
     * Every file of the project that the publisher uploaded carries its id in {@code
     * files.publisher_id}, and each {@code file:upload} event names it with the verified claims.
     */
    private void assertUploadedThroughPublisher(String project, long publisherId, String repository, int files) {
        assertThat(queryStrings(
                        "SELECT f.filename || ' ' || coalesce(cast(f.publisher_id AS TEXT), 'none') FROM files f "
                                + "JOIN projects p ON p.id = f.project_id WHERE p.normalized_name = '" + project
                                + "' AND f.publisher_id IS NOT NULL"))
                .hasSize(files)
                .allSatisfy(row -> assertThat(row).endsWith(" " + publisherId));
        List<JsonNode> uploads = events(project, "file:upload").stream()
                .filter(e -> e.has("publisher_id"))
                .toList();
        assertThat(uploads).hasSize(files).allSatisfy(e -> {
            assertThat(e.path("publisher_id").asLong()).isEqualTo(publisherId);
            assertThat(e.path("publisher_claims").path("repository").asString()).isEqualTo(OWNER + "/" + repository);
        });
    }

    private List<JsonNode> mintEvents(String project) {
        return events(project, "oidc:mint");
    }

    private List<JsonNode> events(String project, String kind) {
        return queryStrings("SELECT e.detail_json FROM events e JOIN projects p ON p.id = e.project_id "
                        + "WHERE p.normalized_name = '" + project + "' AND e.kind = '" + kind + "' ORDER BY e.id")
                .stream()
                .map(JSON::readTree)
                .toList();
    }

    private List<String> queryStrings(String sql) {
        return wharf.wharf()
                .database()
                .read(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private Path newVenv(String name) {
        Path venv = scratch.resolve(name);
        ClientRun create = sandbox.run(scratch, List.of(PYTHON, "-m", "venv", venv.toString()));
        assertThat(create.exitCode()).as(create.describe()).isZero();
        return venv;
    }
}
