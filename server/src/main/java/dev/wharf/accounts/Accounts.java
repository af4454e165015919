package dev.wharf.accounts;

import dev.wharf.storage.db.Database;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The accounts domain's services, each built once by {@link #create}: the composition root asks
 * this factory instead of knowing how the services depend on one another.
 */
public record Accounts(
        UserRepository userRepository,
        UserService users,
        InviteService invites,
        SessionService sessions,
        TwoFactorService twoFactor,
        LoginThrottle loginThrottle,
        AccountSettingsService settings) {

    public static Accounts create(Database database, Clock clock, SecureRandom random) {
        UserRepository userRepository = new UserRepository();
        InviteService invites = new InviteService(database, clock, random);
        return new Accounts(
                userRepository,
                new UserService(database, userRepository, invites, clock, random),
                invites,
                new SessionService(database, clock, random),
                new TwoFactorService(database, userRepository, clock, random),
                new LoginThrottle(database, clock),
                new AccountSettingsService(database));
    }
}
