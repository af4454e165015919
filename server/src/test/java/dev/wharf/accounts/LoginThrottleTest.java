package dev.wharf.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wharf.errors.Refusal;
import dev.wharf.storage.db.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoginThrottleTest {
    @TempDir
    Path scratch;

    private AccountsFixture f;

    private LoginThrottle throttle(Dialect dialect) {
        f = new AccountsFixture(dialect, scratch);
        return f.throttle;
    }

    @AfterEach
    void drop() {
        if (f != null) {
            f.close();
        }
    }

    private static TooManyAttemptsException refused(Runnable check) {
        Throwable thrown = catchThrowable(check::run);
        assertThat(thrown).isInstanceOf(TooManyAttemptsException.class);
        TooManyAttemptsException e = (TooManyAttemptsException) thrown;
        assertThat(e.refusal()).isEqualTo(Refusal.RATE_LIMITED);
        return e;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void fiveFailuresLockTheAccountFromEveryAddressUntilTheWindowPasses(Dialect dialect) {
        LoginThrottle throttle = throttle(dialect);
        for (int i = 0; i < 5; i++) {
            throttle.check("alice", "192.0.2." + i);
            throttle.recordFailure("alice", "192.0.2." + i);
            f.clock.advance(Duration.ofMinutes(1));
        }
        // First failure at START, so the account opens at START + 15 min; now is START + 5 min.
        TooManyAttemptsException e = refused(() -> throttle.check("ALICE", "198.51.100.7"));
        assertThat(e).hasMessage("Too many failed logins; try again in 10 minutes");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThatCode(() -> throttle.check("bob", "198.51.100.7")).doesNotThrowAnyException();

        f.clock.set(AccountsFixture.START.plus(Duration.ofMinutes(15)).minusSeconds(30));
        assertThat(refused(() -> throttle.check("alice", "x")))
                .hasMessage("Too many failed logins; try again in 1 minute");
        f.clock.set(AccountsFixture.START.plus(Duration.ofMinutes(15)));
        assertThatCode(() -> throttle.check("alice", "x")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void accountFailuresSurviveARestartAndAreSharedByNodes(Dialect dialect) {
        LoginThrottle throttle = throttle(dialect);
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("alice", "192.0.2.1");
        }
        LoginThrottle otherNode = new LoginThrottle(f.database(), f.clock);
        assertThat(refused(() -> otherNode.check("alice", "203.0.113.9")))
                .hasMessage("Too many failed logins; try again in 15 minutes");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anAddressOverItsLimitStillSignsInButItsWrongPasswordsCountDouble(Dialect dialect) {
        LoginThrottle throttle = throttle(dialect);
        for (int i = 0; i < 20; i++) {
            throttle.check("user" + i, "2001:DB8::1");
            throttle.recordFailure("user" + i, "2001:DB8::1");
        }
        assertThat(throttle.addressOverLimit("2001:db8::1")).isTrue();
        // Before: every account was refused from this address for 15 minutes (a shared NAT or an
        // untrusted proxy locked everyone out). Now nobody's check is refused for the address alone.
        assertThatCode(() -> throttle.check("someone-new", "2001:db8::1")).doesNotThrowAnyException();
        assertThat(throttle.addressOverLimit("2001:db8::2")).isFalse();
        // Three wrong passwords from it lock an account (2 + 2 + 2 >= 5); from elsewhere it takes five.
        for (int i = 0; i < 2; i++) {
            throttle.recordFailure("carol", "2001:db8::1");
        }
        assertThatCode(() -> throttle.check("carol", "2001:db8::1")).doesNotThrowAnyException();
        throttle.recordFailure("carol", "2001:db8::1");
        refused(() -> throttle.check("carol", "2001:db8::9"));
        f.clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.addressOverLimit("2001:db8::1")).isFalse();
        assertThatCode(() -> throttle.check("carol", "2001:db8::1")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void successClearsTheAccountButNotTheAddress(Dialect dialect) {
        LoginThrottle throttle = throttle(dialect);
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("alice", "192.0.2.1");
        }
        throttle.recordSuccess("Alice");
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("alice", "192.0.2.1");
        }
        assertThatCode(() -> throttle.check("alice", "192.0.2.2")).doesNotThrowAnyException();
        for (int i = 0; i < 12; i++) {
            throttle.recordFailure("user" + i, "192.0.2.1");
        }
        assertThat(throttle.addressOverLimit("192.0.2.1")).isTrue();
        throttle.recordSuccess("alice");
        assertThat(throttle.addressOverLimit("192.0.2.1")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void oldFailuresArePurgedAndHugeKeysAreBounded(Dialect dialect) {
        LoginThrottle throttle = throttle(dialect);
        throttle.recordFailure("a".repeat(10_000), "b".repeat(10_000));
        throttle.recordFailure("alice", "192.0.2.1");
        f.clock.advance(Duration.ofMinutes(10));
        throttle.recordFailure("alice", "192.0.2.1");
        int longest = f.database()
                .read(h -> h.createQuery("SELECT max(length(account)) FROM login_failures")
                        .mapTo(Integer.class)
                        .one());
        assertThat(longest).isEqualTo(64);
        f.clock.advance(Duration.ofMinutes(5));
        assertThat(throttle.purge()).isEqualTo(2);
        int left = f.database()
                .read(h -> h.createQuery("SELECT count(*) FROM login_failures")
                        .mapTo(Integer.class)
                        .one());
        assertThat(left).isEqualTo(1);
    }
}
