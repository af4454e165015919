package dev.wharf.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsBuilder;
import com.github.nitram509.jmacaroons.MacaroonsSerializer;
import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.storage.db.TestDatabases.TestDatabase;
import dev.wharf.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TokenServiceTest {
    private static final String LOCATION = "wharf.example.org";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path scratch;

    private final List<TestDatabase> open = new ArrayList<>();
    private final ManualClock clock = new ManualClock(T0);

    @AfterEach
    void closeDatabases() {
        open.forEach(TestDatabase::close);
    }

    private Database database(Dialect dialect) {
        TestDatabase test = TestDatabases.create(dialect, scratch);
        open.add(test);
        return test.database();
    }

    private TokenService service(Database db) {
        return new TokenService(db, clock, new SecureRandom(), LOCATION);
    }

    private static long user(Database db, String name) {
        db.writeVoid(h -> h.createUpdate("INSERT INTO users (username, email, created_at) VALUES (:n, :e, 1)")
                .bind("n", name)
                .bind("e", name + "@example.org")
                .execute());
        return db.read(h -> h.createQuery("SELECT id FROM users WHERE username = :n")
                .bind("n", name)
                .mapTo(Long.class)
                .one());
    }

    private static TokenRefusedException refusal(TokenService service, String presented) {
        Throwable thrown = catchThrowable(() -> service.authenticate(presented));
        assertThat(thrown).isInstanceOf(TokenRefusedException.class);
        TokenRefusedException refused = (TokenRefusedException) thrown;
        if (presented != null && presented.length() > 10) {
            assertThat(refused.getMessage()).doesNotContain(presented.substring(5));
        }
        return refused;
    }

    private static void assertInvalid(TokenService service, String presented) {
        TokenRefusedException refused = refusal(service, presented);
        assertThat(refused.reason()).isEqualTo(TokenRefusedException.Reason.INVALID);
        assertThat(refused.getMessage())
                .isEqualTo(
                        "Invalid or non-existent authentication information. See /help/#invalid-auth for more information.");
    }

    /** The bearer narrows a token, as anyone holding it can: a valid new token. */
    private static String attenuate(String secret, String caveat) {
        Macaroon narrowed = MacaroonsBuilder.modify(MacaroonBytes.parse(secret))
                .add_first_party_caveat(caveat)
                .build();
        return "pypi-" + narrowed.serialize(MacaroonsSerializer.V2);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void createdTokensAuthenticateAsTheirUser(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        long alice = user(db, "alice");

        IssuedToken issued = service.create(alice, "laptop", TokenScope.allProjects(), Optional.empty());
        TokenIdentity identity = (TokenIdentity) service.authenticate(issued.secret());

        assertThat(issued.secret()).startsWith("pypi-AgE");
        Macaroon macaroon = MacaroonBytes.parse(issued.secret());
        assertThat(macaroon.location).isEqualTo(LOCATION);
        assertThat(macaroon.identifier).isEqualTo(issued.id());
        // All-projects tokens carry pypi.org's RequestUser caveat.
        assertThat(MacaroonBytes.caveats(macaroon)).containsExactly("[3,\"" + alice + "\"]");
        assertThat(identity).isEqualTo(new TokenIdentity(issued.id(), alice, Optional.empty()));
        assertThat(issued.toString()).doesNotContain(issued.secret().substring(5));
    }

    /** RFC 9562 §5.7: version 7, the RFC 4122 variant, the clock's milliseconds first, so ids sort by creation. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tokenIdsAreVersion7UuidsInCreationOrder(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        long alice = user(db, "alice");
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(service.create(alice, "t" + i, TokenScope.allProjects(), Optional.empty())
                    .id());
            clock.advance(java.time.Duration.ofMillis(1));
        }
        for (String id : ids) {
            java.util.UUID uuid = java.util.UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
        }
        assertThat(java.util.UUID.fromString(ids.getFirst()).getMostSignificantBits() >>> 16)
                .isEqualTo(T0.toEpochMilli());
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void signatureIsTheLibmacaroonsHmacChain(Dialect dialect) throws Exception {
        Database db = database(dialect);
        TokenService service = service(db);
        IssuedToken issued = service.create(
                user(db, "alice"),
                "ci",
                TokenScope.projects(Set.of("beta", "alpha")),
                Optional.of(T0.plus(Duration.ofHours(1))));
        byte[] key = HexFormat.of()
                .parseHex(db.read(h -> h.createQuery("SELECT root_key FROM api_tokens")
                        .mapTo(String.class)
                        .one()));

        // libmacaroons: derived = HMAC(key="macaroons-key-generator", root key); sig = HMAC(derived, id);
        // then sig = HMAC(sig, caveat) for each caveat, in order.
        List<String> caveats = List.of(
                "[1,[\"alpha\",\"beta\"]]", "[0," + (T0.getEpochSecond() + 3600) + "," + T0.getEpochSecond() + "]");
        byte[] sig = hmac(
                hmac("macaroons-key-generator".getBytes(StandardCharsets.US_ASCII), key),
                issued.id().getBytes(StandardCharsets.US_ASCII));
        for (String caveat : caveats) {
            sig = hmac(sig, caveat.getBytes(StandardCharsets.UTF_8));
        }
        Macaroon macaroon = MacaroonBytes.parse(issued.secret());

        assertThat(MacaroonBytes.caveats(macaroon)).isEqualTo(caveats);
        assertThat(MacaroonBytes.signature(macaroon)).isEqualTo(sig);
        assertThat(MacaroonBytes.token(LOCATION, issued.id(), caveats, sig)).isEqualTo(issued.secret());
    }

    private static byte[] hmac(byte[] key, byte[] message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void projectTokensAreRefusedForOtherProjects(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        long alice = user(db, "alice");
        IssuedToken scoped =
                service.create(alice, "ci", TokenScope.projects(Set.of("alpha", "beta")), Optional.empty());
        IssuedToken everything = service.create(alice, "all", TokenScope.allProjects(), Optional.empty());

        TokenIdentity identity = (TokenIdentity) service.authenticate(scoped.secret());
        service.checkProject(identity, "alpha");
        service.checkProject(identity, "beta");
        TokenRefusedException refused = catchThrowableOfType(() -> service.checkProject(identity, "gamma"));
        service.checkProject(service.authenticate(everything.secret()), "gamma");

        assertThat(identity.projects()).contains(Set.of("alpha", "beta"));
        assertThat(refused.reason()).isEqualTo(TokenRefusedException.Reason.PROJECT);
        assertThat(refused.getMessage())
                .isEqualTo(
                        "The given token isn't allowed to upload to project 'gamma'. See /help/#project-name for more information.");
    }

    private static TokenRefusedException catchThrowableOfType(Runnable action) {
        Throwable thrown = catchThrowable(action::run);
        assertThat(thrown).isInstanceOf(TokenRefusedException.class);
        return (TokenRefusedException) thrown;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aBearerCanNarrowATokenButNeverWidenIt(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        long alice = user(db, "alice");
        IssuedToken everything = service.create(alice, "all", TokenScope.allProjects(), Optional.empty());
        IssuedToken two = service.create(alice, "two", TokenScope.projects(Set.of("alpha", "beta")), Optional.empty());

        TokenIdentity narrowed =
                (TokenIdentity) service.authenticate(attenuate(everything.secret(), "[1,[\"alpha\"]]"));
        TokenIdentity intersected =
                (TokenIdentity) service.authenticate(attenuate(two.secret(), "[1,[\"beta\",\"gamma\"]]"));

        assertThat(narrowed.projects()).contains(Set.of("alpha"));
        assertThat(catchThrowableOfType(() -> service.checkProject(narrowed, "beta"))
                        .reason())
                .isEqualTo(TokenRefusedException.Reason.PROJECT);
        assertThat(intersected.projects()).contains(Set.of("beta"));
        assertThat(catchThrowableOfType(() -> service.checkProject(intersected, "gamma"))
                        .reason())
                .isEqualTo(TokenRefusedException.Reason.PROJECT);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void caveatsStoredWithATokenBindItEvenWhenItDoesNotCarryThem(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        long alice = user(db, "alice");
        IssuedToken issued = service.create(alice, "all", TokenScope.allProjects(), Optional.empty());

        // As on pypi.org, the index can restrict a live token by adding to its stored caveats.
        db.writeVoid(h -> h.createUpdate("UPDATE api_tokens SET caveats_json = :c")
                .bind(
                        "c",
                        "[[3,\"" + alice + "\"],[1,[\"alpha\"]],[0," + T0.getEpochSecond() + ","
                                + T0.minusSeconds(60).getEpochSecond() + "]]")
                .execute());

        assertThat(refusal(service, issued.secret()).reason()).isEqualTo(TokenRefusedException.Reason.EXPIRED);
        clock.set(T0.minusSeconds(1));
        assertThat(service.authenticate(issued.secret()).projects()).contains(Set.of("alpha"));
        assertThat(service.list(alice).getFirst().scope()).isEqualTo(TokenScope.projects(Set.of("alpha")));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void expiryAndNotBeforeFollowTheClock(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        IssuedToken issued = service.create(
                user(db, "alice"), "short", TokenScope.allProjects(), Optional.of(T0.plus(Duration.ofHours(1))));

        service.authenticate(issued.secret());
        clock.set(T0.plus(Duration.ofHours(1)).minusSeconds(1));
        service.authenticate(issued.secret());

        clock.set(T0.plus(Duration.ofHours(1)));
        TokenRefusedException expired = refusal(service, issued.secret());
        clock.set(T0.minusSeconds(1));
        TokenRefusedException early = refusal(service, issued.secret());

        assertThat(expired.reason()).isEqualTo(TokenRefusedException.Reason.EXPIRED);
        assertThat(expired.getMessage()).isEqualTo("Invalid API Token: token is expired. Create a new token.");
        assertThat(early.reason()).isEqualTo(TokenRefusedException.Reason.NOT_YET_VALID);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aBearerCanAddAnExpiry(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        IssuedToken issued = service.create(user(db, "alice"), "forever", TokenScope.allProjects(), Optional.empty());
        long now = T0.getEpochSecond();

        service.authenticate(attenuate(issued.secret(), "[0," + (now + 60) + "," + now + "]"));
        assertThat(refusal(service, attenuate(issued.secret(), "[0," + now + "," + (now - 60) + "]"))
                        .reason())
                .isEqualTo(TokenRefusedException.Reason.EXPIRED);
        assertThat(refusal(service, attenuate(issued.secret(), "[0," + (now + 120) + "," + (now + 60) + "]"))
                        .reason())
                .isEqualTo(TokenRefusedException.Reason.NOT_YET_VALID);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void refusesCaveatsItDoesNotUnderstandOrThatFail(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        IssuedToken issued = service.create(user(db, "alice"), "t", TokenScope.allProjects(), Optional.empty());

        for (String caveat : List.of(
                "[2,[\"0b6e6a1c-1d55-4b7a-9a53-2b1c3c4d5e6f\"]]",
                "[4,\"publisher\",null]",
                "{\"exp\":1,\"nbf\":0}",
                "not json",
                "[1,[\"a\"],\"new-field\"]",
                "[9]")) {
            TokenRefusedException refused = refusal(service, attenuate(issued.secret(), caveat));
            assertThat(refused.reason()).as(caveat).isEqualTo(TokenRefusedException.Reason.CAVEAT);
            assertThat(refused.getMessage()).startsWith("Invalid API Token: ");
        }
        TokenRefusedException otherUser = refusal(service, attenuate(issued.secret(), "[3,\"999999\"]"));
        assertThat(otherUser.getMessage()).isEqualTo(TokenRefusedException.WRONG_USER_MESSAGE);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void revokedTokensAreRefused(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        long alice = user(db, "alice");
        long bob = user(db, "bob");
        IssuedToken first = service.create(alice, "first", TokenScope.allProjects(), Optional.empty());
        IssuedToken second = service.create(alice, "second", TokenScope.allProjects(), Optional.empty());

        assertThatThrownBy(() -> service.revoke(bob, first.id())).isInstanceOf(TokenNotFoundException.class);
        service.authenticate(first.secret());
        service.revoke(alice, first.id());
        service.revoke(alice, first.id());
        service.revoke(second.id());

        assertThat(refusal(service, first.secret()).reason()).isEqualTo(TokenRefusedException.Reason.REVOKED);
        assertThat(refusal(service, second.secret()).getMessage()).isEqualTo(TokenRefusedException.REVOKED_MESSAGE);
        assertThat(service.list(alice)).extracting(TokenSummary::revoked).containsExactly(true, true);
        assertThatThrownBy(() -> service.revoke("0b6e6a1c-1d55-4b7a-9a53-2b1c3c4d5e6f"))
                .isInstanceOf(TokenNotFoundException.class);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tamperedTokensAreRefused(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        IssuedToken issued = service.create(
                user(db, "alice"),
                "ci",
                TokenScope.projects(Set.of("alpha")),
                Optional.of(T0.plus(Duration.ofDays(1))));
        Macaroon macaroon = MacaroonBytes.parse(issued.secret());
        List<String> caveats = MacaroonBytes.caveats(macaroon);
        byte[] sig = MacaroonBytes.signature(macaroon);
        String id = macaroon.identifier;

        String widened = MacaroonBytes.token(LOCATION, id, List.of("[1,[\"omega\"]]", caveats.get(1)), sig);
        String appended =
                MacaroonBytes.token(LOCATION, id, List.of(caveats.get(0), caveats.get(1), "[1,[\"alpha\"]]"), sig);
        String swapped = MacaroonBytes.token(LOCATION, id, List.of(caveats.get(1), caveats.get(0)), sig);
        String dropped = MacaroonBytes.token(LOCATION, id, List.of(caveats.get(1)), sig);
        byte[] flipped = sig.clone();
        flipped[31] ^= 1;
        String badSignature = MacaroonBytes.token(LOCATION, id, caveats, flipped);

        assertThat(MacaroonBytes.token(LOCATION, id, caveats, sig)).isEqualTo(issued.secret());
        for (String forged : List.of(widened, appended, swapped, dropped, badSignature)) {
            assertInvalid(service, forged);
        }
        service.authenticate(issued.secret());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tokensMadeWithAnotherKeyAreRefused(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        IssuedToken issued = service.create(user(db, "alice"), "ci", TokenScope.allProjects(), Optional.empty());
        Macaroon real = MacaroonBytes.parse(issued.secret());
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);

        MacaroonsBuilder forger = new MacaroonsBuilder(LOCATION, otherKey, issued.id());
        MacaroonBytes.caveats(real).forEach(forger::add_first_party_caveat);
        assertInvalid(service, TokenFormat.serialize(forger.build()));

        // The same token, once the stored key is another: the key is what authenticates.
        db.writeVoid(h -> h.createUpdate("UPDATE api_tokens SET root_key = :k")
                .bind("k", HexFormat.of().formatHex(otherKey))
                .execute());
        assertInvalid(service, issued.secret());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tokensOfAnotherIndexAreRefused(Dialect dialect) {
        Database ours = database(dialect);
        Database theirs = database(dialect);
        IssuedToken foreign =
                service(theirs).create(user(theirs, "mallory"), "x", TokenScope.allProjects(), Optional.empty());
        user(ours, "mallory");

        assertInvalid(service(ours), foreign.secret());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void garbageIsRefusedNeverAnError(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        IssuedToken issued = service.create(user(db, "alice"), "ci", TokenScope.allProjects(), Optional.empty());
        String body = issued.secret().substring(5);
        List<String> garbage = new ArrayList<>(List.of(
                "",
                " ",
                "pypi-",
                "pypi-!!!",
                "pypi-aaaa",
                "__token__",
                body,
                "pypi-" + body + "=",
                "pypi-" + body + "AA",
                "pypi-" + body.substring(0, body.length() - 3),
                "pypi-" + "A".repeat(1 << 20),
                "x".repeat(1 << 20),
                "pypi-" + MacaroonBytes.parse(issued.secret()).serialize(MacaroonsSerializer.V1),
                // warehouse's pymacaroons V2 token: well-formed, unknown here (split against scanners)
                "py" + "pi-AgEIcHlwaS5vcmcCJGQ0ZDhhNzA2LTUxYTEtNDg0NC1hNDlmLTEyZDRiYzNkYjZmOQAABi"
                        + "D6hJOpYl9jFI4jBPvA8gvV1mSu1Ic3xMHmxA4CSA2w_g"));
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            garbage.add("pypi-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }

        for (String presented : garbage) {
            assertInvalid(service, presented);
        }
        assertInvalid(service, null);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyOneByteChangeIsRefusedOrHarmless(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        long alice = user(db, "alice");
        IssuedToken issued = service.create(alice, "ci", TokenScope.projects(Set.of("alpha")), Optional.empty());
        byte[] raw = Base64.getUrlDecoder().decode(issued.secret().substring(5));

        for (int i = 0; i < raw.length; i++) {
            byte[] changed = raw.clone();
            changed[i] ^= 0x01;
            String presented = "pypi-" + Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
            Throwable thrown = catchThrowable(() -> service.authenticate(presented));
            if (thrown == null) {
                // Only the location is outside the signature (as in every macaroon); nothing else may pass.
                assertThat(MacaroonBytes.parse(presented).location).isNotEqualTo(LOCATION);
                assertThat(service.authenticate(presented).projects()).contains(Set.of("alpha"));
            } else {
                assertThat(thrown).isInstanceOf(TokenRefusedException.class);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theDatabaseNeverHoldsTheToken(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        long alice = user(db, "alice");
        IssuedToken issued = service.create(
                alice, "ci", TokenScope.projects(Set.of("alpha")), Optional.of(T0.plus(Duration.ofDays(1))));
        service.authenticate(issued.secret());
        service.list(alice);
        byte[] sig = MacaroonBytes.signature(MacaroonBytes.parse(issued.secret()));
        List<String> forbidden = List.of(
                issued.secret().substring(5),
                issued.secret().substring(5, 60),
                HexFormat.of().formatHex(sig),
                Base64.getUrlEncoder().withoutPadding().encodeToString(sig),
                Base64.getEncoder().withoutPadding().encodeToString(sig));

        List<Map<String, Object>> rows = db.read(
                h -> h.createQuery("SELECT * FROM api_tokens").mapToMap().list());

        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst()).containsEntry("id", issued.id());
        for (Object value : rows.getFirst().values()) {
            String text = String.valueOf(value);
            for (String secret : forbidden) {
                assertThat(text).doesNotContainIgnoringCase(secret);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void lastUseIsRecordedToTheMinute(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        long alice = user(db, "alice");
        IssuedToken issued = service.create(alice, "ci", TokenScope.allProjects(), Optional.empty());

        assertThat(service.list(alice).getFirst().lastUsed()).isEmpty();
        clock.set(T0.plusSeconds(10));
        service.authenticate(issued.secret());
        assertThat(service.list(alice).getFirst().lastUsed()).contains(T0.plusSeconds(10));
        clock.set(T0.plusSeconds(50));
        service.authenticate(issued.secret());
        assertThat(service.list(alice).getFirst().lastUsed()).contains(T0.plusSeconds(10));
        clock.set(T0.plusSeconds(71));
        service.authenticate(issued.secret());
        assertThat(service.list(alice).getFirst().lastUsed()).contains(T0.plusSeconds(71));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void listShowsTheUsersTokensWithoutSecrets(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        long alice = user(db, "alice");
        long bob = user(db, "bob");
        IssuedToken laptop = service.create(alice, "  laptop  ", TokenScope.allProjects(), Optional.empty());
        clock.advance(Duration.ofSeconds(1));
        IssuedToken ci = service.create(
                alice, "ci", TokenScope.projects(Set.of("alpha")), Optional.of(T0.plus(Duration.ofDays(30))));
        service.create(bob, "bob's", TokenScope.allProjects(), Optional.empty());

        List<TokenSummary> tokens = service.list(alice);

        assertThat(tokens)
                .containsExactly(
                        new TokenSummary(
                                laptop.id(),
                                "laptop",
                                TokenScope.allProjects(),
                                T0,
                                Optional.empty(),
                                Optional.empty(),
                                false),
                        new TokenSummary(
                                ci.id(),
                                "ci",
                                TokenScope.projects(Set.of("alpha")),
                                T0.plusSeconds(1),
                                Optional.of(T0.plus(Duration.ofDays(30))),
                                Optional.empty(),
                                false));
        assertThat(tokens.toString())
                .doesNotContain(laptop.secret().substring(5))
                .doesNotContain(ci.secret().substring(5));
        assertThat(service.list(bob)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void refusesToCreateTokensThatMakeNoSense(Dialect dialect) {
        Database db = database(dialect);
        TokenService service = service(db);
        long alice = user(db, "alice");

        assertThatThrownBy(() -> service.create(alice, "  ", TokenScope.allProjects(), Optional.empty()))
                .isInstanceOf(InvalidTokenRequestException.class);
        assertThatThrownBy(() -> service.create(alice, "x".repeat(101), TokenScope.allProjects(), Optional.empty()))
                .isInstanceOf(InvalidTokenRequestException.class);
        assertThatThrownBy(() -> service.create(alice, "a\nb", TokenScope.allProjects(), Optional.empty()))
                .isInstanceOf(InvalidTokenRequestException.class);
        assertThatThrownBy(() -> service.create(alice, "past", TokenScope.allProjects(), Optional.of(T0)))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessageContaining("future");
        assertThatThrownBy(() -> service.create(alice, "far", TokenScope.allProjects(), Optional.of(Instant.MAX)))
                .isInstanceOf(InvalidTokenRequestException.class);
        assertThat(service.list(alice)).isEmpty();
    }
}
