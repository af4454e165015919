package dev.wharf.publishing.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.wharf.errors.Refusal;
import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.storage.db.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IssuerRegistryTest {
    private static final String GHES = "https://ghes.example.com/_services/token";
    private static final String GITLAB = "https://gitlab.example.com";
    private static final String PINNED =
            new JWKSet(TestIssuerServer.newKey("pinned")).toPublicJWKSet().toString();

    @TempDir
    Path scratch;

    private final List<TestDatabase> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(TestDatabase::close);
    }

    private Database database(Dialect dialect) {
        TestDatabase db = TestDatabases.create(dialect, scratch);
        open.add(db);
        return db.database();
    }

    private static IssuerRegistry registry(Database db, boolean allowInsecureLocal) {
        return new IssuerRegistry(db, new IssuerRepository(Clock.systemUTC()), allowInsecureLocal);
    }

    private static IssuerRefusedException refused(Runnable action) {
        Throwable thrown = catchThrowable(action::run);
        assertThat(thrown).isInstanceOf(IssuerRefusedException.class);
        return (IssuerRefusedException) thrown;
    }

    @ParameterizedTest
    @EnumSource(IssuerKind.class)
    void builtInIssuersResolveByExactUrl(IssuerKind kind) {
        IssuerRegistry registry = registry(database(Dialect.SQLITE), false);
        assertThat(registry.resolve(kind.canonicalUrl())).hasValue(Issuer.builtIn(kind));
        assertThat(registry.resolve(kind.canonicalUrl() + "/")).isEmpty();
        assertThat(registry.resolve(kind.canonicalUrl().replace("https", "http")))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void addListResolveRemove(Dialect dialect) {
        IssuerRegistry registry = registry(database(dialect), false);
        Issuer ghes = registry.add(GHES, IssuerKind.GITHUB, Optional.empty());
        registry.add(GITLAB, IssuerKind.GITLAB, Optional.of(PINNED));

        assertThat(ghes).isEqualTo(new Issuer(GHES, IssuerKind.GITHUB, false, Optional.empty()));
        assertThat(registry.resolve(GHES)).hasValue(ghes);
        assertThat(registry.resolve(GITLAB)).hasValueSatisfying(i -> {
            assertThat(i.kind()).isEqualTo(IssuerKind.GITLAB);
            assertThat(i.pinnedJwks()).hasValue(PINNED);
        });
        assertThat(registry.list())
                .extracting(Issuer::url)
                .containsExactly(
                        IssuerKind.GITHUB.canonicalUrl(),
                        IssuerKind.GITLAB.canonicalUrl(),
                        IssuerKind.GOOGLE.canonicalUrl(),
                        IssuerKind.ACTIVESTATE.canonicalUrl(),
                        GHES,
                        GITLAB);

        registry.remove(GHES);
        assertThat(registry.resolve(GHES)).isEmpty();
        assertThat(registry.list()).extracting(Issuer::url).doesNotContain(GHES).contains(GITLAB);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anotherProcessSeesAdditionsAndRemovals(Dialect dialect) throws Exception {
        Database db = database(dialect);
        IssuerRegistry server = registry(db, false);
        IssuerRegistry admin = registry(db, false);
        assertThat(server.resolve(GHES)).isEmpty();
        admin.add(GHES, IssuerKind.GITHUB, Optional.empty());
        Thread.sleep(IssuerRegistry.SNAPSHOT_MILLIS + 100);
        assertThat(server.resolve(GHES)).isPresent();
        admin.remove(GHES);
        Thread.sleep(IssuerRegistry.SNAPSHOT_MILLIS + 100);
        assertThat(server.resolve(GHES)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void duplicateIsRefused(Dialect dialect) {
        IssuerRegistry registry = registry(database(dialect), false);
        registry.add(GHES, IssuerKind.GITHUB, Optional.empty());
        IssuerRefusedException refused = refused(() -> registry.add(GHES, IssuerKind.GITLAB, Optional.empty()));
        assertThat(refused.refusal()).isEqualTo(Refusal.CONFLICT);
        assertThat(refused.getMessage()).isEqualTo("The issuer " + GHES + " is already registered.");
        assertThat(registry.resolve(GHES))
                .hasValueSatisfying(i -> assertThat(i.kind()).isEqualTo(IssuerKind.GITHUB));
    }

    @ParameterizedTest
    @EnumSource(IssuerKind.class)
    void builtInUrlsCannotBeAddedOrRemoved(IssuerKind kind) {
        IssuerRegistry registry = registry(database(Dialect.SQLITE), false);
        assertThat(refused(() -> registry.add(kind.canonicalUrl(), IssuerKind.GITLAB, Optional.empty()))
                        .getMessage())
                .isEqualTo("The issuer " + kind.canonicalUrl() + " is built in; it cannot be added or removed.");
        assertThat(refused(() -> registry.remove(kind.canonicalUrl())).refusal())
                .isEqualTo(Refusal.CONFLICT);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void removingAnUnknownIssuerIsNotFound(Dialect dialect) {
        IssuerRegistry registry = registry(database(dialect), false);
        assertThat(refused(() -> registry.remove(GHES)).refusal()).isEqualTo(Refusal.NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void badUrlIsRefusedAndNothingStored(Dialect dialect) {
        IssuerRegistry registry = registry(database(dialect), false);
        assertThat(refused(() -> registry.add("http://gitlab.example.com", IssuerKind.GITLAB, Optional.empty()))
                        .refusal())
                .isEqualTo(Refusal.BAD_REQUEST);
        assertThat(registry.list()).hasSize(IssuerKind.values().length);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void pinnedJwksMustHoldAnRsaSigningKeyWithKid(Dialect dialect) throws Exception {
        IssuerRegistry registry = registry(database(dialect), false);
        String ecOnly = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("ec").generate())
                .toPublicJWKSet()
                .toString();
        String noKid = new JWKSet(new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate())
                .toPublicJWKSet()
                .toString();
        for (String bad : List.of("not json", "[]", "{}", "{\"keys\": 1}", "{\"keys\": []}", ecOnly, noKid)) {
            IssuerRefusedException refused = refused(() -> registry.add(GITLAB, IssuerKind.GITLAB, Optional.of(bad)));
            assertThat(refused.getMessage()).startsWith("The pinned JWKS is not usable: ");
        }
        assertThat(registry.resolve(GITLAB)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void insecureLocalIssuerIsIgnoredOnceTheFlagIsOff(Dialect dialect) {
        Database db = database(dialect);
        registry(db, true).add("http://127.0.0.1:8765", IssuerKind.GITHUB, Optional.empty());
        assertThat(registry(db, true).resolve("http://127.0.0.1:8765")).isPresent();
        IssuerRegistry production = registry(db, false);
        assertThat(production.resolve("http://127.0.0.1:8765")).isEmpty();
        assertThat(production.list()).extracting(Issuer::url).contains("http://127.0.0.1:8765");
    }
}
