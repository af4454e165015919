package dev.wharf.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.devissuer.DevIssuer;
import dev.wharf.devissuer.DevIssuerSettings;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.RawHttp;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import dev.wharf.text.Sha256;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The Trusted Publishing endpoints as a CI job sees them,
 * black-box over real HTTP against a real Wharf on SQLite, with tokens from the development issuer
 * ({@link DevIssuer}, found through its discovery document and JWKS on 127.0.0.1): the audience,
 * the exchange's success and refusal shapes, the legacy alias, PEP 807 discovery, and what the
 * minted token may and may not upload.
 */
class MintTokenConformanceTest {
    private static final String UPLOAD_PATH = "/legacy/";
    private static final DevIssuerSettings JOB = new DevIssuerSettings(
            "octo-org",
            "4242",
            "octo-repo",
            "release.yml",
            "refs/tags/v1.0",
            Optional.empty(),
            "push",
            Duration.ofMinutes(5));

    @TempDir
    Path scratch;

    private MintHarness tp;
    private final List<DevIssuer> issuers = new ArrayList<>();
    private DevIssuer issuer;
    private String alice;

    @BeforeEach
    void start() throws IOException {
        tp = MintHarness.start(
                Dialect.SQLITE, scratch, loader -> loader.flag("oidc.allow-insecure-local-issuers", true));
        issuer = devIssuer(JOB);
        alice = tp.user("alice");
        tp.createProject(alice, "octo-lib");
        tp.createProject(alice, "other-lib");
        tp.wharf().wharf().publisherService().add("octo-lib", identity(issuer, "octo-repo"), Optional.empty());
    }

    @AfterEach
    void stop() {
        issuers.forEach(DevIssuer::close);
        tp.close();
    }

    /** A running dev issuer, registered with Wharf by URL only: its keys come from discovery. */
    private DevIssuer devIssuer(DevIssuerSettings settings) throws IOException {
        DevIssuer started = new DevIssuer(settings, Clock.systemUTC());
        issuers.add(started);
        started.start(0);
        tp.wharf().wharf().issuers().add(started.issuerUrl().toString(), IssuerKind.GITHUB, Optional.empty());
        return started;
    }

    private static GitHubIdentity identity(DevIssuer issuer, String repository) {
        return GitHubIdentity.validated(
                "octo-org",
                "4242",
                repository,
                "release.yml",
                "",
                issuer.issuerUrl().toString());
    }

    private String jwt() {
        return issuer.issue(tp.audience());
    }

    // ---------------------------------------------------------------- GET /_/oidc/audience

    @Test
    void theAudienceIsTheIndexAuthorityAndNeverPypi() {
        MintHarness.Response answer = tp.get("/_/oidc/audience");
        String authority = tp.wharf().url().getRawAuthority();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.body()).isEqualTo("{\"audience\":\"" + authority + "\"}");
        assertThat(tp.audience()).isEqualTo(authority).isNotEqualTo("pypi");
    }

    /** A token minted for pypi.org must never be accepted here, so "pypi" cannot even be configured. */
    @ParameterizedTest
    @ValueSource(strings = {"pypi", "testpypi"})
    void pypiOrgsAudiencesCannotBeConfigured(String audience) {
        assertThatThrownBy(() ->
                        TestWharf.start(Dialect.SQLITE, scratch, loader -> loader.flag("oidc.audience", audience)))
                .hasMessageContaining("oidc.audience");
    }

    @Test
    void aDisabledIndexSaysSoAndMintsNothing() {
        try (MintHarness disabled = MintHarness.startDisabled(Dialect.SQLITE, scratch)) {
            MintHarness.Response audience = disabled.get("/_/oidc/audience");
            assertThat(audience.status()).isEqualTo(403);
            assertThat(audience.json())
                    .isEqualTo(MintHarness.JSON.readTree(
                            "{\"message\": \"Trusted publishing functionality not enabled\"}"));

            Map<String, Object> before = disabled.snapshot();
            long lastEvent = disabled.lastEventId();
            MintHarness.Response mint = disabled.mint(jwt());
            assertThat(mint.status()).isEqualTo(422);
            assertThat(mint.error().get("code").asString()).isEqualTo("not-enabled");
            assertThat(mint.json().get("message").asString()).isEqualTo("Token request failed");
            // Nothing changes but the event that records the refusal, as for every refused exchange.
            Map<String, Object> after = disabled.snapshot();
            after.put("rows:events", (Long) after.get("rows:events") - 1);
            assertThat(after).isEqualTo(before);
            assertThat(disabled.eventsAfter(lastEvent)).singleElement().satisfies(event -> {
                assertThat(event.kind()).isEqualTo("oidc:mint-refused");
                assertThat(event.detail().get("code").asString()).isEqualTo("not-enabled");
            });
            assertThat(disabled.get("/.well-known/pytp/" + Sha256.hex(UPLOAD_PATH))
                            .status())
                    .isEqualTo(404);
        }
    }

    // ---------------------------------------------------------------- POST /_/oidc/mint-token

    @Test
    void aValidTokenIsExchangedForAProjectScopedToken() {
        long before = Instant.now().getEpochSecond();
        MintHarness.Response answer = tp.mint(jwt());
        long after = Instant.now().getEpochSecond();

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.header("Cache-Control")).contains("no-store");
        JsonNode body = answer.json();
        // pypi.org writes json.dumps(sort_keys=True): keys in sorted order.
        assertThat(body.propertyNames()).containsExactly("expires", "success", "token");
        assertThat(body.get("success").isBoolean()).isTrue();
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("token").asString()).startsWith("pypi-");
        assertThat(body.get("expires").isIntegralNumber()).isTrue();
        assertThat(body.get("expires").asLong()).isBetween(before + 900, after + 900);
    }

    /** pdm still posts to the GitHub-specific path; pypi.org serves it with the same handler. */
    @Test
    void theLegacyGitHubPathMintsToo() {
        MintHarness.Response answer = tp.mintAt("/_/oidc/github/mint-token", jwt());
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.json().get("token").asString()).startsWith("pypi-");
    }

    /** pypi.org parses the body as JSON whatever the Content-Type: its docs use {@code curl -d}. */
    @Test
    void theBodyIsJsonWhateverTheContentType() {
        byte[] body = MintHarness.JSON.writeValueAsBytes(Map.of("token", jwt()));
        MintHarness.Response answer = tp.post("/_/oidc/mint-token", body, "application/x-www-form-urlencoded");
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    }

    /** pydantic's {@code extra="ignore"}: other members do not matter. */
    @Test
    void extraKeysAreIgnored() {
        String body = "{\"attestations\": [], \"token\": \"" + jwt() + "\", \"zzz\": {\"nested\": [1, 2, null]}}";
        MintHarness.Response answer =
                tp.post("/_/oidc/mint-token", body.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    }

    static Stream<Named<byte[]>> malformedBodies() {
        byte[] megabyte = new byte[1024 * 1024];
        Arrays.fill(megabyte, (byte) 'a');
        byte[] hugeJson = ("{\"token\": \"" + "a".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        // Far more than the socket buffers hold: the refusal must still arrive, not a reset.
        byte[] eightMegabytes = new byte[8 * 1024 * 1024];
        Arrays.fill(eightMegabytes, (byte) 'a');
        return Stream.of(
                Named.of("not JSON", utf8("token=abc.def.ghi")),
                Named.of("a JSON array", utf8("[\"abc.def.ghi\"]")),
                Named.of("a JSON string", utf8("\"abc.def.ghi\"")),
                Named.of("JSON null", utf8("null")),
                Named.of("token is a number", utf8("{\"token\": 5}")),
                Named.of("token is null", utf8("{\"token\": null}")),
                Named.of("token is a list", utf8("{\"token\": [\"abc.def.ghi\"]}")),
                Named.of("token is an object", utf8("{\"token\": {\"jwt\": \"abc.def.ghi\"}}")),
                Named.of("token is true", utf8("{\"token\": true}")),
                Named.of("no token member", utf8("{}")),
                Named.of("Token spelled in capitals", utf8("{\"Token\": \"abc.def.ghi\"}")),
                Named.of("empty body", new byte[0]),
                Named.of("whitespace only", utf8("   \n")),
                Named.of("trailing garbage after the object", utf8("{\"token\": \"abc.def.ghi\"} x")),
                Named.of("two objects", utf8("{\"token\": \"a\"}{\"token\": \"b\"}")),
                Named.of("truncated JSON", utf8("{\"token\": \"abc")),
                Named.of(
                        "invalid UTF-8",
                        new byte[] {'{', '"', 't', 'o', 'k', 'e', 'n', '"', ':', '"', (byte) 0xff, '"', '}'}),
                Named.of("1 MiB of letters", megabyte),
                Named.of("1 MiB JSON token", hugeJson),
                Named.of("8 MiB of letters", eightMegabytes),
                Named.of("empty token string", utf8("{\"token\": \"\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedBodiesAreInvalidPayloadAndChangeNothing(byte[] body) {
        Map<String, Object> before = tp.snapshot();
        long lastEvent = tp.lastEventId();

        MintHarness.Response answer = tp.post("/_/oidc/mint-token", body, "application/json");

        assertThat(answer.status()).as("%s", answer).isEqualTo(422);
        assertThat(answer.json().propertyNames()).containsExactly("errors", "message");
        assertThat(answer.json().get("message").asString()).isEqualTo("Token request failed");
        assertThat(answer.error().propertyNames()).containsExactly("code", "description");
        assertThat(answer.error().get("code").asString()).isEqualTo("invalid-payload");
        assertThat(answer.error().get("description").asString()).isNotBlank();
        assertOnlyARefusalWasRecorded(before, lastEvent, "invalid-payload");
    }

    @Test
    void anEmptyTokenStringIsAMalformedJwt() {
        MintHarness.Response answer = tp.mint("");
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.error().get("description").asString()).isEqualTo("malformed JWT");
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeParsing() {
        byte[] body =
                ("{\"token\": \"" + "a".repeat(MintService.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        MintHarness.Response answer = tp.post("/_/oidc/mint-token", body, "application/json");
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.error().get("description").asString()).isEqualTo("The request body is larger than 64 KiB.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/_/oidc/mint-token", "/_/oidc/github/mint-token"})
    void getOnTheMintEndpointsIsMethodNotAllowed(String path) {
        assertThat(tp.get(path).status()).isEqualTo(405);
    }

    @Test
    void postOnTheAudienceEndpointIsMethodNotAllowed() {
        assertThat(tp.post("/_/oidc/audience", utf8("{}"), "application/json").status())
                .isEqualTo(405);
    }

    // ---------------------------------------------------------------- PEP 807 discovery

    @Test
    void discoveryByTheUploadPathsDigest() {
        assertDiscoveryDocument(tp.get("/.well-known/pytp/" + Sha256.hex(UPLOAD_PATH)));
    }

    @Test
    void discoveryByThePercentEncodedUploadPath() {
        assertDiscoveryDocument(
                tp.get("/.well-known/pytp?discover=" + URLEncoder.encode(UPLOAD_PATH, StandardCharsets.UTF_8)));
    }

    private void assertDiscoveryDocument(MintHarness.Response answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/vnd.pypi.pytp.v1+json"));
        assertThat(answer.json())
                .isEqualTo(MintHarness.JSON.valueToTree(Map.of(
                        "audience-endpoint", tp.wharf().url("/_/oidc/audience"),
                        "mint-token-endpoint", tp.wharf().url("/_/oidc/mint-token"))));
    }

    static Stream<Named<String>> unknownDiscoveryPaths() {
        return Stream.of(
                Named.of("digest of another path", "/.well-known/pytp/" + Sha256.hex("/simple/")),
                Named.of("digest of the path without its slash", "/.well-known/pytp/" + Sha256.hex("/legacy")),
                Named.of(
                        "digest in capitals",
                        "/.well-known/pytp/" + Sha256.hex(UPLOAD_PATH).toUpperCase()),
                Named.of("not a digest", "/.well-known/pytp/legacy"),
                Named.of("another path by query", "/.well-known/pytp?discover=%2Fsimple%2F"),
                Named.of("no query", "/.well-known/pytp"),
                Named.of("upload path percent-encoded twice", "/.well-known/pytp?discover=%252Flegacy%252F"),
                Named.of("empty query", "/.well-known/pytp?discover="),
                Named.of(
                        "absolute URL by query",
                        "/.well-known/pytp?discover="
                                + URLEncoder.encode("http://elsewhere.example/legacy/", StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownDiscoveryPaths")
    void discoveryOfAnyOtherPathIsNotFound(String path) {
        assertThat(tp.get(path).status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- what the minted token may do

    @Test
    void theMintedTokenUploadsToItsPublishersProjectOnly() {
        String token = tp.mintedToken(jwt());

        RawHttp.Response own = tp.upload(token, UploadForm.wheel("octo-lib", "1.0"));
        assertThat(own.status()).as("%s", own).isEqualTo(200);

        Map<String, Object> before = tp.snapshot();
        RawHttp.Response other = tp.upload(token, UploadForm.wheel("other-lib", "1.0"));
        assertThat(other.status()).as("%s", other).isEqualTo(403);
        assertThat(other.reason()).startsWith("The given token isn't allowed to upload to project 'other-lib'");
        assertThat(tp.snapshot()).isEqualTo(before);
    }

    @Test
    void theMintedTokenCannotCreateAProject() {
        String token = tp.mintedToken(jwt());
        Map<String, Object> before = tp.snapshot();

        RawHttp.Response answer = tp.upload(token, UploadForm.wheel("brand-new", "1.0"));

        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.reason())
                .startsWith("Non-user identities cannot create new projects. This was probably caused by "
                        + "successfully using a pending publisher but specifying the project name incorrectly");
        assertThat(tp.snapshot()).isEqualTo(before);
        assertThat(tp.get("/pypi/brand-new/json").status()).isEqualTo(404);
    }

    @Test
    void aPendingPublisherCreatesTheProjectOwnedByItsRegistrant() throws IOException {
        tp.user("bob");
        DevIssuer fresh = devIssuer(new DevIssuerSettings(
                "octo-org",
                "4242",
                "fresh-repo",
                "release.yml",
                "refs/heads/main",
                Optional.empty(),
                "push",
                Duration.ofMinutes(5)));
        tp.wharf()
                .wharf()
                .publisherService()
                .addPending(identity(fresh, "fresh-repo"), "Fresh-Project", tp.userId("bob"));
        long lastEvent = tp.lastEventId();

        String token = tp.mintedToken(fresh.issue(tp.audience()));

        assertThat(tp.usersWithRole("fresh-project", "Owner")).containsExactly("bob");
        assertThat(tp.snapshot()).containsEntry("rows:pending_publishers", 0L);
        assertThat(tp.eventsAfter(lastEvent))
                .extracting(MintHarness.Event::kind)
                .containsExactly("project:create", "project:role:add", "project:oidc:publisher-added", "oidc:mint");
        assertThat(tp.eventsAfter(lastEvent)
                        .getLast()
                        .detail()
                        .get("reified_from_pending_publisher")
                        .asBoolean())
                .isTrue();

        RawHttp.Response upload = tp.upload(token, UploadForm.wheel("Fresh-Project", "1.0"));
        assertThat(upload.status()).as("%s", upload).isEqualTo(200);
        JsonNode project = tp.get("/pypi/fresh-project/json").json();
        assertThat(project.get("info").get("name").asString()).isEqualTo("Fresh-Project");
        assertThat(project.get("ownership").get("roles")).singleElement().satisfies(role -> {
            assertThat(role.get("role").asString()).isEqualTo("Owner");
            assertThat(role.get("user").asString()).isEqualTo("bob");
        });
        // The same token still cannot reach a project it was not minted for.
        assertThat(tp.upload(token, UploadForm.wheel("octo-lib", "2.0")).status())
                .isEqualTo(403);
    }

    // ---------------------------------------------------------------- helpers

    private void assertOnlyARefusalWasRecorded(Map<String, Object> before, long lastEvent, String code) {
        Map<String, Object> after = tp.snapshot();
        assertThat(after.get("rows:events")).isEqualTo((Long) before.get("rows:events") + 1);
        Map<String, Object> unchanged = new java.util.TreeMap<>(after);
        unchanged.put("rows:events", before.get("rows:events"));
        assertThat(unchanged).isEqualTo(before);
        assertThat(tp.eventsAfter(lastEvent)).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo("oidc:mint-refused");
            assertThat(event.detail().get("code").asString()).isEqualTo(code);
        });
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
