package dev.wharf.accounts;

import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.storage.db.TestDatabases.TestDatabase;
import dev.wharf.testing.ManualClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;

/** A fresh database of one dialect, a movable clock and the account services wired on them. */
final class AccountsFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-04T05:06:07.123456Z");

    final TestDatabase test;
    final ManualClock clock = new ManualClock(START);
    final SecureRandom random = new SecureRandom();
    final UserRepository userRepository = new UserRepository();
    final InviteService invites;
    final UserService users;
    final SessionService sessions;
    final LoginThrottle throttle;
    final TwoFactorService twoFactor;
    final AccountSettingsService settings;

    AccountsFixture(Dialect dialect, Path scratch) {
        test = TestDatabases.create(dialect, scratch);
        Database db = test.database();
        invites = new InviteService(db, clock, random);
        users = new UserService(db, userRepository, invites, clock, random);
        sessions = new SessionService(db, clock, random);
        throttle = new LoginThrottle(db, clock);
        twoFactor = new TwoFactorService(db, userRepository, clock, random);
        settings = new AccountSettingsService(db);
    }

    Database database() {
        return test.database();
    }

    User admin() {
        return users.create(new Username("root"), "root@example.org", java.util.Optional.of("admin password"), true);
    }

    User user(String name) {
        return users.create(
                new Username(name), name + "@example.org", java.util.Optional.of(name + " password"), false);
    }

    @Override
    public void close() {
        test.close();
    }
}
