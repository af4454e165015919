package dev.wharf.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.wharf.devissuer.DevIssuer;
import dev.wharf.devissuer.DevIssuerSettings;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.publishing.oidc.IssuerRefusedException;
import dev.wharf.publishing.providers.GitHubClaims;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.Micros;
import dev.wharf.testing.RawHttp;
import dev.wharf.testing.UploadForm;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile tokens against a real Wharf over HTTP: forged algorithms and keys, wrong issuers and
 * audiences, bad times, replays, GitHub claim tricks and malformed tokens. Every refusal is checked
 * three ways: HTTP 422 with the right {@code code} and {@code description}; nothing minted or
 * stored (no token, no used {@code jti}, no project, no publisher change); and exactly one
 * {@code oidc:mint-refused} event carrying that code.
 *
 * <p>The tokens come from {@link TokenForge}s registered as GitHub-kind issuers with pinned key sets,
 * so no network is involved. The server runs with {@code oidc.allow-insecure-local-issuers} off,
 * as in production. The shared server is SQLite; the replay and squatting cases also run on
 * PostgreSQL, each on a server of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdversarialTokensTest {
    private static final String FORGE_URL = "https://forge.wharf.test";
    private static final String GHES_URL = "https://ghes.wharf.test/_services/token";
    private static final String OWNER = "Octo-Org";
    private static final String OWNER_ID = "4242";
    private static final String REF = "refs/heads/main";

    private static final String INVALID_TOKEN = "malformed or invalid token";
    private static final String MALFORMED = "malformed JWT";
    private static final String UNKNOWN_ISSUER = "unknown trusted publishing issuer";

    private MintHarness tp;
    private TokenForge forge;
    private TokenForge ghes;
    private DevIssuer devIssuer;
    private String alice;

    @BeforeAll
    void start(@TempDir Path scratch) throws IOException {
        tp = MintHarness.start(Dialect.SQLITE, scratch, loader -> {});
        forge = new TokenForge(FORGE_URL);
        ghes = new TokenForge(GHES_URL);
        var issuers = tp.wharf().wharf().issuers();
        issuers.add(FORGE_URL, IssuerKind.GITHUB, Optional.of(forge.jwksJson()));
        issuers.add(GHES_URL, IssuerKind.GITHUB, Optional.of(ghes.jwksJson()));

        alice = tp.user("alice");
        tp.user("bob");
        var publishers = tp.wharf().wharf().publisherService();
        for (String project : List.of("victim", "guarded", "dotcom")) {
            tp.createProject(alice, project);
        }
        publishers.add("victim", identity("octo-repo", "", FORGE_URL), Optional.empty());
        publishers.add("guarded", identity("guarded-repo", "release", FORGE_URL), Optional.empty());
        publishers.add("dotcom", identity("dotcom-repo", "", GitHubIdentity.DEFAULT_ISSUER), Optional.empty());
        // Bob squats the victims' identities with pending publishers for new names. They must never be
        // used by any case below, refused or not (checked by the snapshot: no project, no publisher).
        publishers.addPending(identity("octo-repo", "", FORGE_URL), "victim-new", tp.userId("bob"));
        publishers.addPending(identity("guarded-repo", "", FORGE_URL), "guarded-new", tp.userId("bob"));

        // The development issuer, registered while insecure local issuers were allowed (a row
        // written directly: this server, like production, refuses to add it now).
        devIssuer = new DevIssuer(
                new DevIssuerSettings(
                        OWNER,
                        OWNER_ID,
                        "octo-repo",
                        "release.yml",
                        REF,
                        Optional.empty(),
                        "push",
                        Duration.ofMinutes(5)),
                Clock.systemUTC());
        devIssuer.start(0);
        String devUrl = devIssuer.issuerUrl().toString();
        tp.wharf()
                .wharf()
                .database()
                .writeVoid(h -> h.createUpdate(
                                "INSERT INTO oidc_issuers (url, kind, pinned_jwks, created_at) VALUES (:url, 'github', :jwks, :at)")
                        .bind("url", devUrl)
                        .bind("jwks", devIssuer.jwks().toString())
                        .bind("at", Micros.of(Instant.now()))
                        .execute());
        publishers.add(
                "victim",
                new GitHubIdentity(OWNER, OWNER_ID, "octo-repo", "release.yml", "", devUrl),
                Optional.empty());
    }

    @AfterAll
    void stop() {
        devIssuer.close();
        tp.close();
    }

    private static GitHubIdentity identity(String repository, String environment, String issuer) {
        return GitHubIdentity.validated(OWNER, OWNER_ID, repository, "release.yml", environment, issuer);
    }

    // ---------------------------------------------------------------- token builders

    /** The claims of a push to main in Octo-Org/octo-repo running release.yml: the victim's own job. */
    private Map<String, Object> victim() {
        return forge.github(tp.audience(), OWNER, OWNER_ID, "octo-repo", "release.yml", REF);
    }

    private String victimWith(Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = victim();
        change.accept(claims);
        return forge.sign(claims);
    }

    /** A job of Octo-Org/guarded-repo in the GitHub environment "release". */
    private String guardedWith(Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = forge.github(tp.audience(), OWNER, OWNER_ID, "guarded-repo", "release.yml", REF);
        claims.put("environment", "release");
        change.accept(claims);
        return forge.sign(claims);
    }

    private String victimSignedBy(JWSHeader header, com.nimbusds.jose.JWSSigner signer) {
        return TokenForge.sign(header, victim(), signer);
    }

    private static JWSHeader.Builder header(JWSAlgorithm alg, String kid) {
        JWSHeader.Builder header = new JWSHeader.Builder(alg);
        return kid == null ? header : header.keyID(kid);
    }

    private static String json(Object value) {
        return MintHarness.JSON.writeValueAsString(value);
    }

    private static String[] parts(String jwt) {
        return jwt.split("\\.");
    }

    /** A token whose jti was already exchanged once: the first exchange succeeds here. */
    private String replayed() {
        String token = forge.sign(victim());
        tp.mintedToken(token);
        return token;
    }

    private static String noPublisher(String reason) {
        return "valid token, but no corresponding publisher (" + reason + ")";
    }

    // ---------------------------------------------------------------- the cases

    /** What a hostile token must get: the code, and the description exactly or by fragments. */
    record Expected(String code, String description, List<String> fragments) {}

    record Hostile(Supplier<String> token, Expected expected) {}

    private static Named<Hostile> refused(String name, String code, String description, Supplier<String> token) {
        return Named.of(name, new Hostile(token, new Expected(code, description, List.of())));
    }

    private static Named<Hostile> refusedWith(
            String name, String code, List<String> fragments, Supplier<String> token) {
        return Named.of(name, new Hostile(token, new Expected(code, null, fragments)));
    }

    private static Named<Hostile> invalidToken(String name, Supplier<String> token) {
        return refused(name, "invalid-token", INVALID_TOKEN, token);
    }

    private static Named<Hostile> malformed(String name, Supplier<String> token) {
        return refused(name, "invalid-payload", MALFORMED, token);
    }

    private static Named<Hostile> unknownIssuer(String name, Supplier<String> token) {
        return refused(name, "invalid-payload", UNKNOWN_ISSUER, token);
    }

    private static Named<Hostile> noPublisher(String name, String reason, Supplier<String> token) {
        return refused(name, "invalid-publisher", noPublisher(reason), token);
    }

    Stream<Named<Hostile>> hostileTokens() {
        long now = Instant.now().getEpochSecond();
        return Stream.of(
                // -- algorithm and key confusion (RS256 only, kid required)
                invalidToken(
                        "alg none, no signature", () -> TokenForge.compact("{\"alg\":\"none\"}", json(victim()), "")),
                invalidToken("alg none keeping a valid RS256 signature", () -> {
                    String[] valid = parts(forge.sign(victim()));
                    return TokenForge.segment("{\"alg\":\"none\",\"kid\":\"" + forge.kid() + "\"}") + "." + valid[1]
                            + "." + valid[2];
                }),
                invalidToken(
                        "HS256 keyed with the issuer's public key (DER)",
                        () -> victimSignedBy(
                                header(JWSAlgorithm.HS256, forge.kid()).build(), mac(publicKeyDer(forge.key())))),
                invalidToken(
                        "HS256 keyed with the issuer's published JWKS text",
                        () -> victimSignedBy(
                                header(JWSAlgorithm.HS256, forge.kid()).build(),
                                mac(forge.jwksJson().getBytes(StandardCharsets.UTF_8)))),
                invalidToken(
                        "RS384 with the issuer's own key",
                        () -> victimSignedBy(
                                header(JWSAlgorithm.RS384, forge.kid()).build(), forge.signer())),
                invalidToken(
                        "PS256 with the issuer's own key",
                        () -> victimSignedBy(
                                header(JWSAlgorithm.PS256, forge.kid()).build(), forge.signer())),
                invalidToken(
                        "ES256 with an attacker's EC key under the issuer's kid",
                        () -> victimSignedBy(
                                header(JWSAlgorithm.ES256, forge.kid()).build(), ecSigner())),
                invalidToken(
                        "RS256 with an attacker's key under the issuer's kid",
                        () -> victimSignedBy(
                                header(JWSAlgorithm.RS256, forge.kid()).build(),
                                rsaSigner(TokenForge.rsaKey(forge.kid())))),
                invalidToken("RS256 with an unknown kid", () -> {
                    RSAKey attacker = TokenForge.rsaKey("attacker");
                    return victimSignedBy(header(JWSAlgorithm.RS256, "attacker").build(), rsaSigner(attacker));
                }),
                invalidToken(
                        "no kid",
                        () -> victimSignedBy(header(JWSAlgorithm.RS256, null).build(), forge.signer())),
                invalidToken("empty kid", () -> forge.signRaw("{\"alg\":\"RS256\",\"kid\":\"\"}", json(victim()))),
                invalidToken("kid as a number", () -> forge.signRaw("{\"alg\":\"RS256\",\"kid\":7}", json(victim()))),
                invalidToken("attacker's key embedded as jwk in the header", () -> {
                    RSAKey attacker = TokenForge.rsaKey(forge.kid());
                    return victimSignedBy(
                            header(JWSAlgorithm.RS256, forge.kid())
                                    .jwk(attacker.toPublicJWK())
                                    .build(),
                            rsaSigner(attacker));
                }),
                invalidToken("jku pointing at the attacker's key set", () -> {
                    RSAKey attacker = TokenForge.rsaKey("attacker-jku");
                    return victimSignedBy(
                            header(JWSAlgorithm.RS256, "attacker-jku")
                                    .jwkURL(URI.create("https://attacker.example/jwks"))
                                    .build(),
                            rsaSigner(attacker));
                }),
                invalidToken(
                        "crit header naming an unknown extension",
                        () -> victimSignedBy(
                                header(JWSAlgorithm.RS256, forge.kid())
                                        .criticalParams(Set.of("wharf-ext"))
                                        .customParam("wharf-ext", true)
                                        .build(),
                                forge.signer())),
                invalidToken("tampered payload under the original signature", () -> {
                    String[] valid = parts(forge.sign(victim()));
                    Map<String, Object> changed = victim();
                    changed.put("repository_owner_id", "1");
                    return valid[0] + "." + TokenForge.segment(json(changed)) + "." + valid[2];
                }),
                invalidToken("signature of another valid token", () -> {
                    String[] a = parts(forge.sign(victim()));
                    String[] b = parts(forge.sign(victim()));
                    return a[0] + "." + a[1] + "." + b[2];
                }),
                invalidToken("signature truncated by ten characters", () -> {
                    String valid = forge.sign(victim());
                    return valid.substring(0, valid.length() - 10);
                }),
                malformed("signature truncated by one character (no base64 has that length)", () -> {
                    String valid = forge.sign(victim());
                    return valid.substring(0, valid.length() - 1);
                }),

                // -- issuer (known ones only, exact iss, publishers match only their issuer)
                unknownIssuer(
                        "iss of an issuer nobody registered",
                        () -> victimWith(c -> c.put("iss", "https://attacker.example"))),
                unknownIssuer("iss with a trailing slash", () -> victimWith(c -> c.put("iss", FORGE_URL + "/"))),
                unknownIssuer("iss in other case", () -> victimWith(c -> c.put("iss", "https://FORGE.wharf.test"))),
                invalidToken(
                        "iss of another registered issuer, signed with this issuer's key",
                        () -> victimWith(c -> c.put("iss", GHES_URL))),
                noPublisher(
                        "GitHub Enterprise issuer's valid token for a github.com publisher",
                        PublisherMismatchException.NOT_FOUND,
                        () -> {
                            Map<String, Object> claims =
                                    ghes.github(tp.audience(), OWNER, OWNER_ID, "dotcom-repo", "release.yml", REF);
                            return ghes.sign(claims);
                        }),
                unknownIssuer(
                        "dev issuer's token while insecure local issuers are off",
                        () -> devIssuer.issue(tp.audience())),
                malformed("no iss", () -> victimWith(c -> c.remove("iss"))),
                malformed("iss as a list", () -> victimWith(c -> c.put("iss", List.of(FORGE_URL)))),

                // -- audience (a single string, exactly ours)
                invalidToken("aud as a list of one", () -> victimWith(c -> c.put("aud", List.of(tp.audience())))),
                invalidToken(
                        "aud as a list of two", () -> victimWith(c -> c.put("aud", List.of(tp.audience(), "pypi")))),
                invalidToken("aud pypi (a token meant for pypi.org)", () -> victimWith(c -> c.put("aud", "pypi"))),
                invalidToken("aud of another index", () -> victimWith(c -> c.put("aud", "pypi.example.org"))),
                invalidToken("aud with a trailing slash", () -> victimWith(c -> c.put("aud", tp.audience() + "/"))),
                invalidToken("no aud", () -> victimWith(c -> c.remove("aud"))),

                // -- times (30 s leeway, as PyJWT on pypi.org)
                invalidToken(
                        "expired 60 s ago (beyond the 30 s leeway)",
                        () -> victimWith(c -> {
                            c.put("exp", now - 60);
                            c.put("iat", now - 360);
                            c.put("nbf", now - 365);
                        })),
                invalidToken("nbf two minutes ahead", () -> victimWith(c -> c.put("nbf", now + 120))),
                invalidToken("iat two minutes ahead", () -> victimWith(c -> c.put("iat", now + 120))),
                invalidToken("exp as a string", () -> victimWith(c -> c.put("exp", Long.toString(now + 300)))),
                invalidToken("exp after the year 9999", () -> victimWith(c -> c.put("exp", 253_402_300_800L))),
                invalidToken("no exp", () -> victimWith(c -> c.remove("exp"))),
                invalidToken("no iat", () -> victimWith(c -> c.remove("iat"))),
                invalidToken("sub as a number", () -> victimWith(c -> c.put("sub", 42))),

                // -- jti (one use per token)
                noPublisher(
                        "no jti (GitHub always sends one)",
                        "Missing claim 'jti'",
                        () -> victimWith(c -> c.remove("jti"))),
                invalidToken("jti as a number", () -> victimWith(c -> c.put("jti", 12345))),
                refused(
                        "replayed jti (the same token twice)",
                        "invalid-reuse-token",
                        "invalid token: already used",
                        this::replayed),
                refused(
                        "used jti in a freshly signed token",
                        "invalid-reuse-token",
                        "invalid token: already used",
                        () -> {
                            Map<String, Object> claims = victim();
                            claims.put("jti", jtiOf(replayed()));
                            claims.put("run_attempt", "2");
                            return forge.sign(claims);
                        }),

                // -- GitHub claim checks (pypi.org's rules and reason strings)
                refusedWith(
                        "other repository_owner_id (resurrected account)",
                        "invalid-publisher",
                        List.of(
                                "valid token, but no corresponding publisher (Check failed for required claim 'repository_owner_id': "
                                        + "the GitHub account named 'Octo-Org' is not the account this publisher was registered for"),
                        () -> victimWith(c -> c.put("repository_owner_id", "999999"))),
                refusedWith(
                        "owner in other case with another owner id",
                        "invalid-publisher",
                        List.of(
                                "Check failed for required claim 'repository_owner_id': the GitHub account named 'OCTO-ORG'"),
                        () -> victimWith(c -> {
                            c.put("repository_owner", "OCTO-ORG");
                            c.put("repository", "OCTO-ORG/octo-repo");
                            c.put("job_workflow_ref", "OCTO-ORG/octo-repo/.github/workflows/release.yml@" + REF);
                            c.put("repository_owner_id", "5151");
                        })),
                noPublisher(
                        "repository_owner_id as a number",
                        "Check failed for required claim 'repository_owner_id': the claim is not a JSON string",
                        () -> victimWith(c -> c.put("repository_owner_id", 4242))),
                noPublisher(
                        "repository_owner of another account than the repository's",
                        "Check failed for required claim 'repository_owner': the token comes from a repository of another owner",
                        () -> victimWith(c -> c.put("repository_owner", "evil-org"))),
                noPublisher(
                        "repository as a number",
                        "Check failed for required claim 'repository': the claim is not a JSON string",
                        () -> victimWith(c -> c.put("repository", 1296269))),
                noPublisher(
                        "repository without an owner",
                        "Check failed for required claim 'repository': the claim is not of the form owner/repository",
                        () -> victimWith(c -> c.put("repository", "octo-repo"))),
                refusedWith(
                        "job_workflow_ref of another repository's workflow",
                        "invalid-publisher",
                        List.of(
                                "valid token, but no corresponding publisher (The job_workflow_ref claim does not match, expecting one of ['",
                                "'Octo-Org/octo-repo/.github/workflows/release.yml@refs/heads/main'",
                                ", got 'evil-org/evil-repo/.github/workflows/release.yml@refs/heads/main')"),
                        () -> victimWith(c ->
                                c.put("job_workflow_ref", "evil-org/evil-repo/.github/workflows/release.yml@" + REF))),
                refusedWith(
                        "job_workflow_ref at another ref than the job's",
                        "invalid-publisher",
                        List.of(
                                "(The job_workflow_ref claim does not match",
                                "got 'Octo-Org/octo-repo/.github/workflows/release.yml@refs/heads/evil')"),
                        () -> victimWith(c -> c.put(
                                "job_workflow_ref",
                                "Octo-Org/octo-repo/.github/workflows/release.yml@refs/heads/evil"))),
                noPublisher(
                        "workflow file name in other case (Release.yml)",
                        PublisherMismatchException.NOT_FOUND,
                        () -> victimWith(c ->
                                c.put("job_workflow_ref", "Octo-Org/octo-repo/.github/workflows/Release.yml@" + REF))),
                noPublisher(
                        "job_workflow_ref release.yml@fake.yml@ref",
                        PublisherMismatchException.NOT_FOUND,
                        () -> victimWith(c -> c.put(
                                "job_workflow_ref",
                                "Octo-Org/octo-repo/.github/workflows/release.yml@fake.yml@" + REF))),
                refusedWith(
                        "job_workflow_ref with a suffix after the ref",
                        "invalid-publisher",
                        List.of("(The job_workflow_ref claim does not match", "@refs/heads/main@evil')"),
                        () -> victimWith(c -> c.put(
                                "job_workflow_ref",
                                "Octo-Org/octo-repo/.github/workflows/release.yml@" + REF + "@evil"))),
                noPublisher(
                        "job_workflow_ref without @",
                        GitHubClaims.NO_WORKFLOW,
                        () -> victimWith(
                                c -> c.put("job_workflow_ref", "Octo-Org/octo-repo/.github/workflows/release.yml"))),
                noPublisher(
                        "ref and sha empty",
                        "The ref and sha claims are empty",
                        () -> victimWith(c -> {
                            c.put("ref", "");
                            c.put("sha", "");
                        })),
                noPublisher("no ref", "Missing claim 'ref'", () -> victimWith(c -> c.remove("ref"))),
                noPublisher(
                        "event pull_request_target",
                        GitHubClaims.PULL_REQUEST_TARGET,
                        () -> victimWith(c -> c.put("event_name", "pull_request_target"))),
                noPublisher(
                        "environment staging for a publisher of environment release",
                        "Check failed for optional claim 'environment': this publisher does not accept jobs in the environment "
                                + "'staging'",
                        () -> guardedWith(c -> c.put("environment", "staging"))),
                noPublisher(
                        "no environment for a publisher of environment release",
                        "Check failed for optional claim 'environment': this publisher only accepts jobs that run in a "
                                + "specific GitHub environment, and this job has none; set 'environment:' on the publishing job",
                        () -> guardedWith(c -> c.remove("environment"))),
                noPublisher(
                        "environment as a number",
                        "Check failed for optional claim 'environment': the claim is not a JSON string",
                        () -> guardedWith(c -> c.put("environment", 1))),

                // -- shape and size (malformed JWT)
                malformed("a 20 KiB token", () -> victimWith(c -> c.put("padding", "x".repeat(20 * 1024)))),
                malformed("four parts", () -> forge.sign(victim()) + ".AAAA"),
                malformed("two parts", () -> {
                    String[] valid = parts(forge.sign(victim()));
                    return valid[0] + "." + valid[1];
                }),
                malformed(
                        "base64 padding in a segment",
                        () -> forge.sign(victim()).replaceFirst("\\.", "==.")),
                malformed(
                        "payload a JSON array",
                        () -> forge.signRaw(
                                "{\"alg\":\"RS256\",\"kid\":\"" + forge.kid() + "\"}", "[" + json(victim()) + "]")),
                malformed("header not JSON", () -> {
                    String[] valid = parts(forge.sign(victim()));
                    return TokenForge.segment("RS256") + "." + valid[1] + "." + valid[2];
                }),
                malformed("duplicate repository claim, validly signed", () -> {
                    String payload = json(victim());
                    payload = payload.substring(0, payload.length() - 1) + ",\"repository\":\"evil-org/evil-repo\"}";
                    return forge.signRaw("{\"alg\":\"RS256\",\"kid\":\"" + forge.kid() + "\"}", payload);
                }));
    }

    private static String jtiOf(String jwt) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts(jwt)[1]), StandardCharsets.UTF_8);
        return MintHarness.JSON.readTree(payload).get("jti").asString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTokens")
    void isRefusedAndNothingIsMintedOrStored(Hostile hostile) {
        assertRefusedChangingNothing(tp, hostile.token().get(), hostile.expected());
    }

    /** 422 with the expected error; every table unchanged but events, which gains one oidc:mint-refused row. */
    private static void assertRefusedChangingNothing(MintHarness tp, String token, Expected expected) {
        Map<String, Object> before = tp.snapshot();
        long lastEvent = tp.lastEventId();

        MintHarness.Response answer = tp.mint(token);

        assertThat(answer.status()).as("%s", answer).isEqualTo(422);
        assertThat(answer.json().get("message").asString()).isEqualTo("Token request failed");
        assertThat(answer.error().get("code").asString()).as("%s", answer).isEqualTo(expected.code());
        String description = answer.error().get("description").asString();
        if (expected.description() != null) {
            assertThat(description).isEqualTo(expected.description());
        }
        expected.fragments().forEach(fragment -> assertThat(description).contains(fragment));

        Map<String, Object> after = new TreeMap<>(tp.snapshot());
        assertThat(after.get("rows:events")).as("one event more").isEqualTo((Long) before.get("rows:events") + 1);
        after.put("rows:events", before.get("rows:events"));
        assertThat(after).as("nothing minted or stored").isEqualTo(before);
        assertThat(tp.eventsAfter(lastEvent)).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo("oidc:mint-refused");
            assertThat(event.projectId()).isEmpty();
            assertThat(event.detail().get("code").asString()).isEqualTo(expected.code());
            assertThat(event.detail().get("description").asString())
                    .isEqualTo(description.length() > 500 ? description.substring(0, 500) : description);
        });
    }

    // ---------------------------------------------------------------- controls: what is accepted

    /** Every case above is one change away from this token, which mints. */
    @Test
    void theBaselineTokenMintsForTheVictimsProjectOnly() {
        Map<String, Object> before = tp.snapshot();
        String token = tp.mintedToken(forge.sign(victim()));
        assertThat(tp.snapshot())
                .containsEntry("rows:projects", before.get("rows:projects"))
                .containsEntry("rows:pending_publishers", before.get("rows:pending_publishers"))
                .containsEntry("rows:api_tokens", (Long) before.get("rows:api_tokens") + 1)
                .containsEntry("rows:oidc_jti", (Long) before.get("rows:oidc_jti") + 1);
        RawHttp.Response other = tp.upload(token, UploadForm.wheel("guarded", "9.0"));
        assertThat(other.status()).as("%s", other).isEqualTo(403);
    }

    /**
     * Wharf's decision (GitHubClaims): owner and repository compare case-insensitively, because
     * GitHub itself ignores their case and the owner id pins the account. pypi.org compares the
     * owner exactly against GitHub's canonical case; here a different case with the same owner id
     * mints, while a different owner id never does (case "owner in other case with another owner id").
     */
    @Test
    void ownerAndRepositoryInOtherCaseMintWhenTheOwnerIdMatches() {
        Map<String, Object> claims = victim();
        claims.put("repository_owner", "OCTO-ORG");
        claims.put("repository", "octo-org/Octo-Repo");
        claims.put("job_workflow_ref", "octo-org/Octo-Repo/.github/workflows/release.yml@" + REF);
        assertThat(tp.mint(forge.sign(claims)).status()).isEqualTo(200);
    }

    /** The environment compares ignoring case (pypi.org stores it lower-cased). */
    @Test
    void theEnvironmentMatchesIgnoringCase() {
        assertThat(tp.mint(guardedWith(c -> c.put("environment", "RELEASE"))).status())
                .isEqualTo(200);
    }

    /** Within the 30 s leeway an expired token still passes (PyJWT's leeway on pypi.org). */
    @Test
    void aTokenExpiredWithinTheLeewayStillMints() {
        long now = Instant.now().getEpochSecond();
        assertThat(tp.mint(victimWith(c -> c.put("exp", now - 10))).status()).isEqualTo(200);
    }

    @Test
    void theDevelopmentIssuerCannotBeAddedWhileInsecureIssuersAreOff() {
        assertThatThrownBy(() ->
                        tp.wharf().wharf().issuers().add("http://127.0.0.1:1", IssuerKind.GITHUB, Optional.empty()))
                .isInstanceOf(IssuerRefusedException.class)
                .hasMessageContaining("https://");
    }

    // ---------------------------------------------------------------- refusals at upload time

    @Test
    void aTokenForOneProjectCannotUploadToAnother() {
        String token = tp.mintedToken(forge.sign(victim()));
        Map<String, Object> before = tp.snapshot();

        RawHttp.Response answer = tp.upload(token, UploadForm.wheel("dotcom", "5.0"));

        assertThat(answer.status()).as("%s", answer).isEqualTo(403);
        assertThat(answer.reason()).startsWith("The given token isn't allowed to upload to project 'dotcom'");
        assertThat(tp.snapshot()).isEqualTo(before);
    }

    @Test
    void aRemovedPublishersLiveTokenUploadsNothing() {
        tp.createProject(alice, "ephemeral");
        StoredPublisher publisher = tp.wharf()
                .wharf()
                .publisherService()
                .add("ephemeral", identity("ephemeral-repo", "", FORGE_URL), Optional.empty());
        String token = tp.mintedToken(
                forge.sign(forge.github(tp.audience(), OWNER, OWNER_ID, "ephemeral-repo", "release.yml", REF)));

        tp.wharf().wharf().publisherService().remove("ephemeral", publisher.id(), Optional.empty());
        Map<String, Object> before = tp.snapshot();
        RawHttp.Response answer = tp.upload(token, UploadForm.wheel("ephemeral", "1.0"));

        assertThat(answer.status()).as("%s", answer).isEqualTo(403);
        assertThat(tp.snapshot()).isEqualTo(before);
        assertThat(tp.get("/simple/ephemeral/").body()).doesNotContain("ephemeral-1.0");
    }

    /** The token's project list is frozen at mint time; the link is re-checked at every upload. */
    @Test
    void aPublisherDetachedFromOneProjectKeepsOnlyTheOther() {
        tp.createProject(alice, "twin-a");
        tp.createProject(alice, "twin-b");
        GitHubIdentity twin = identity("twin-repo", "", FORGE_URL);
        var publishers = tp.wharf().wharf().publisherService();
        publishers.add("twin-a", twin, Optional.empty());
        StoredPublisher publisher = publishers.add("twin-b", twin, Optional.empty());
        String token = tp.mintedToken(
                forge.sign(forge.github(tp.audience(), OWNER, OWNER_ID, "twin-repo", "release.yml", REF)));

        publishers.remove("twin-b", publisher.id(), Optional.empty());
        Map<String, Object> before = tp.snapshot();
        RawHttp.Response refused = tp.upload(token, UploadForm.wheel("twin-b", "1.0"));
        assertThat(refused.status()).as("%s", refused).isEqualTo(403);
        assertThat(refused.reason())
                .startsWith("Invalid API Token: OIDC scoped token is not valid for project 'twin-b'");
        assertThat(tp.snapshot()).isEqualTo(before);

        RawHttp.Response accepted = tp.upload(token, UploadForm.wheel("twin-a", "1.0"));
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(200);
    }

    // ---------------------------------------------------------------- replay and squatting, both backends

    /** A server of its own with the victim's project and publisher, for the cases that also run on PostgreSQL. */
    private static final class Victim implements AutoCloseable {
        final MintHarness tp;
        final TokenForge forge = new TokenForge(FORGE_URL);
        final String alice;

        Victim(Dialect dialect, Path scratch) {
            tp = MintHarness.start(dialect, scratch, loader -> {});
            tp.wharf().wharf().issuers().add(FORGE_URL, IssuerKind.GITHUB, Optional.of(forge.jwksJson()));
            alice = tp.user("alice");
            tp.user("bob");
            tp.createProject(alice, "victim");
            tp.wharf().wharf().publisherService().add("victim", identity("octo-repo", "", FORGE_URL), Optional.empty());
        }

        String token() {
            return forge.sign(forge.github(tp.audience(), OWNER, OWNER_ID, "octo-repo", "release.yml", REF));
        }

        @Override
        public void close() {
            tp.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aReplayedJtiIsRefused(Dialect dialect, @TempDir Path scratch) {
        try (Victim v = new Victim(dialect, scratch)) {
            String token = v.token();
            v.tp.mintedToken(token);
            assertRefusedChangingNothing(
                    v.tp, token, new Expected("invalid-reuse-token", "invalid token: already used", List.of()));
        }
    }

    /** The jti's unique key decides between concurrent exchanges of one token: exactly one wins. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentExchangesOfOneTokenMintOnce(Dialect dialect, @TempDir Path scratch) throws Exception {
        try (Victim v = new Victim(dialect, scratch);
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            String token = v.token();
            Map<String, Object> before = v.tp.snapshot();
            List<Callable<MintHarness.Response>> requests = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                requests.add(() -> v.tp.mint(token));
            }
            List<MintHarness.Response> answers = new ArrayList<>();
            for (Future<MintHarness.Response> answer : pool.invokeAll(requests)) {
                answers.add(answer.get());
            }
            assertThat(answers).filteredOn(a -> a.status() == 200).hasSize(1);
            assertThat(answers).filteredOn(a -> a.status() != 200).hasSize(7).allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(422);
                assertThat(a.error().get("code").asString()).isEqualTo("invalid-reuse-token");
            });
            assertThat(v.tp.snapshot())
                    .containsEntry("rows:api_tokens", (Long) before.get("rows:api_tokens") + 1)
                    .containsEntry("rows:oidc_jti", 1L);
        }
    }

    /**
     * Pending-publisher squatting: on pypi.org a pending publisher registered by anyone for the
     * victim's identity takes the victim's next exchange. Wharf tries normal publishers first: the
     * exchange mints for "victim" only, "victim-new" is not created, and Bob's pending row stays
     * (it expires).
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aSquattersPendingPublisherNeverTakesTheVictimsExchange(Dialect dialect, @TempDir Path scratch) {
        try (Victim v = new Victim(dialect, scratch)) {
            v.tp.wharf()
                    .wharf()
                    .publisherService()
                    .addPending(identity("octo-repo", "", FORGE_URL), "victim-new", v.tp.userId("bob"));
            long lastEvent = v.tp.lastEventId();
            Map<String, Object> before = v.tp.snapshot();

            String token = v.tp.mintedToken(v.token());

            assertThat(v.tp.snapshot())
                    .containsEntry("rows:projects", before.get("rows:projects"))
                    .containsEntry("rows:pending_publishers", 1L)
                    .containsEntry("rows:trusted_publishers", before.get("rows:trusted_publishers"))
                    .containsEntry("rows:publisher_projects", before.get("rows:publisher_projects"));
            assertThat(v.tp.eventsAfter(lastEvent)).singleElement().satisfies(event -> {
                assertThat(event.kind()).isEqualTo("oidc:mint");
                assertThat(event.detail().get("reified_from_pending_publisher").asBoolean())
                        .isFalse();
            });
            assertThat(v.tp.get("/pypi/victim-new/json").status()).isEqualTo(404);

            RawHttp.Response squatted = v.tp.upload(token, UploadForm.wheel("victim-new", "1.0"));
            assertThat(squatted.status()).as("%s", squatted).isEqualTo(400);
            assertThat(squatted.reason()).startsWith("Non-user identities cannot create new projects.");
            RawHttp.Response own = v.tp.upload(token, UploadForm.wheel("victim", "1.0"));
            assertThat(own.status()).as("%s", own).isEqualTo(200);
            assertThat(v.tp.usersWithRole("victim-new", "Owner")).isEmpty();
        }
    }

    // ---------------------------------------------------------------- signers

    private static MACSigner mac(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] publicKeyDer(RSAKey key) {
        try {
            return key.toRSAPublicKey().getEncoded();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSASSASigner rsaSigner(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECDSASigner ecSigner() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).generate();
            return new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
