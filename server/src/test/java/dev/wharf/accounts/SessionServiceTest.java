package dev.wharf.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.storage.db.Dialect;
import dev.wharf.text.Sha256;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SessionServiceTest {
    @TempDir
    Path scratch;

    private AccountsFixture f;
    private User alice;

    private SessionService sessions(Dialect dialect) {
        f = new AccountsFixture(dialect, scratch);
        alice = f.user("alice");
        return f.sessions;
    }

    @AfterEach
    void drop() {
        if (f != null) {
            f.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void createdSessionIsFoundByItsRawId(Dialect dialect) {
        SessionService sessions = sessions(dialect);
        Session session = sessions.create(alice.id());
        assertThat(session.rawId()).matches("[A-Za-z0-9_-]{43}");
        assertThat(session.userId()).isEqualTo(alice.id());
        assertThat(session.createdAt()).isEqualTo(AccountsFixture.START);
        assertThat(session.expiresAt()).isEqualTo(AccountsFixture.START.plus(Duration.ofDays(7)));
        assertThat(session.secondFactorDone()).isFalse();
        assertThat(sessions.find(session.rawId())).contains(session);
        assertThat(sessions.create(alice.id(), true).secondFactorDone()).isTrue();
        assertThat(sessions.create(alice.id()).rawId()).isNotEqualTo(session.rawId());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void unknownAndMalformedIdsFindNothing(Dialect dialect) {
        SessionService sessions = sessions(dialect);
        Session session = sessions.create(alice.id());
        String other =
                (session.rawId().charAt(0) == 'A' ? "B" : "A") + session.rawId().substring(1);
        for (String id : new String[] {
            other,
            "",
            session.rawId() + "A",
            session.rawId().substring(1),
            session.rawId().substring(1) + "=",
            "x".repeat(10_000)
        }) {
            assertThat(sessions.find(id)).as(id).isEmpty();
        }
        assertThat(sessions.find(null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void rawIdAndCsrfTokenAreNeverStored(Dialect dialect) {
        SessionService sessions = sessions(dialect);
        Session session = sessions.create(alice.id());
        String token = sessions.csrfToken(session);
        List<Map<String, Object>> rows = f.database()
                .read(h -> h.createQuery("SELECT * FROM sessions").mapToMap().list());
        assertThat(rows).hasSize(1);
        for (Object value : rows.get(0).values()) {
            assertThat(String.valueOf(value)).doesNotContain(session.rawId()).doesNotContain(token);
        }
        assertThat(rows.get(0).get("id_hash")).isEqualTo(Sha256.hex(session.rawId()));
        assertThat(session.toString()).doesNotContain(session.rawId()).doesNotContain(session.csrfSecret());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void idleTimeoutSlidesWithUse(Dialect dialect) {
        SessionService sessions = sessions(dialect);
        Session session = sessions.create(alice.id());
        f.clock.advance(Duration.ofHours(11));
        assertThat(sessions.find(session.rawId()))
                .get()
                .extracting(Session::lastSeenAt)
                .isEqualTo(f.clock.instant());
        f.clock.advance(Duration.ofHours(11));
        assertThat(sessions.find(session.rawId())).isPresent();
        f.clock.advance(Duration.ofHours(12));
        assertThat(sessions.find(session.rawId())).isEmpty();
        f.clock.advance(Duration.ofHours(-12)); // gone for good: the expired row was deleted
        assertThat(sessions.find(session.rawId())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void absoluteTimeoutHoldsWhateverTheActivity(Dialect dialect) {
        SessionService sessions = sessions(dialect);
        Session session = sessions.create(alice.id());
        for (int i = 0; i < 16; i++) {
            f.clock.advance(Duration.ofHours(10));
            assertThat(sessions.find(session.rawId()))
                    .as("after %d hours", (i + 1) * 10)
                    .isPresent();
        }
        f.clock.set(AccountsFixture.START.plus(Duration.ofDays(7)).minusNanos(1000));
        assertThat(sessions.find(session.rawId())).isPresent();
        f.clock.set(AccountsFixture.START.plus(Duration.ofDays(7)));
        assertThat(sessions.find(session.rawId())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void rotationGivesANewIdAndSecretAndKillsTheOldOne(Dialect dialect) {
        SessionService sessions = sessions(dialect);
        Session old = sessions.create(alice.id());
        f.clock.advance(Duration.ofMinutes(2));
        Session rotated = sessions.rotate(old, true);
        assertThat(rotated.rawId()).isNotEqualTo(old.rawId());
        assertThat(rotated.csrfSecret()).isNotEqualTo(old.csrfSecret());
        assertThat(rotated.userId()).isEqualTo(alice.id());
        assertThat(rotated.secondFactorDone()).isTrue();
        assertThat(rotated.createdAt()).isEqualTo(old.createdAt());
        assertThat(rotated.expiresAt()).isEqualTo(old.expiresAt());
        assertThat(sessions.find(old.rawId())).isEmpty();
        assertThat(sessions.find(rotated.rawId())).contains(rotated);
        assertThat(sessions.checkCsrf(rotated, sessions.csrfToken(old))).isFalse();

        Throwable again = catchThrowable(() -> sessions.rotate(old, true));
        assertThat(again)
                .isInstanceOf(SessionExpiredException.class)
                .hasMessage("Your session has expired; please log in again");
        assertThat(((WharfException) again).refusal()).isEqualTo(Refusal.FORBIDDEN);
        assertThat(sessions.find(rotated.rawId())).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void destroyEndsOneSessionAndDestroyAllEveryOneOfTheUser(Dialect dialect) {
        SessionService sessions = sessions(dialect);
        User bob = f.user("bob");
        Session first = sessions.create(alice.id());
        Session second = sessions.create(alice.id());
        Session third = sessions.create(alice.id());
        Session bobs = sessions.create(bob.id());
        sessions.destroy(first.rawId());
        sessions.destroy("not a session id");
        assertThat(sessions.find(first.rawId())).isEmpty();
        assertThat(sessions.find(second.rawId())).isPresent();
        assertThat(sessions.destroyAll(alice.id())).isEqualTo(2);
        assertThat(sessions.find(second.rawId())).isEmpty();
        assertThat(sessions.find(third.rawId())).isEmpty();
        assertThat(sessions.find(bobs.rawId())).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void purgeDeletesOnlyExpiredSessions(Dialect dialect) {
        SessionService sessions = sessions(dialect);
        Session idle = sessions.create(alice.id());
        f.clock.advance(Duration.ofHours(6));
        Session fresh = sessions.create(alice.id());
        f.clock.advance(Duration.ofHours(6));
        assertThat(sessions.purgeExpired()).isEqualTo(1);
        assertThat(sessions.find(fresh.rawId())).isPresent();
        assertThat(sessions.find(idle.rawId())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void csrfTokenIsValidOnlyForItsOwnSession(Dialect dialect) {
        SessionService sessions = sessions(dialect);
        Session mine = sessions.create(alice.id());
        Session other = sessions.create(alice.id());
        String token = sessions.csrfToken(mine);
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(sessions.csrfToken(mine)).isEqualTo(token);
        assertThat(sessions.csrfToken(sessions.find(mine.rawId()).orElseThrow()))
                .isEqualTo(token);
        assertThat(sessions.checkCsrf(mine, token)).isTrue();
        assertThat(sessions.checkCsrf(other, token)).isFalse();
        assertThat(sessions.checkCsrf(mine, sessions.csrfToken(other))).isFalse();
        assertThat(sessions.checkCsrf(mine, null)).isFalse();
        assertThat(sessions.checkCsrf(mine, "")).isFalse();
        assertThat(sessions.checkCsrf(mine, token.substring(1))).isFalse();
        assertThat(sessions.checkCsrf(mine, token + "A")).isFalse();
        assertThat(sessions.checkCsrf(
                        mine,
                        token.toUpperCase(java.util.Locale.ROOT).equals(token)
                                ? token.toLowerCase(java.util.Locale.ROOT)
                                : token.toUpperCase(java.util.Locale.ROOT)))
                .isFalse();
        assertThat(sessions.checkCsrf(mine, "x".repeat(100_000))).isFalse();
        assertThat(sessions.checkCsrf(mine, mine.csrfSecret())).isFalse();
    }
}
