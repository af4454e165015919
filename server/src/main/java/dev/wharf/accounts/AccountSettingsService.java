package dev.wharf.accounts;

import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.SettingsRepository;
import java.util.List;
import java.util.Map;

/**
 * Reads and changes the {@link AccountPolicy}, kept as key/value rows in the {@code settings}
 * table so that every node of a cluster sees an administrator's change at once. A missing key
 * means the {@link AccountPolicy#DEFAULT default}.
 */
public final class AccountSettingsService {
    // Keys and values in the settings table are a format: add keys, never rename or reuse one.
    static final String REGISTRATION = "accounts.registration";
    static final String REQUIRE_2FA_FOR_PUBLISHING = "accounts.require_2fa_for_publishing";

    private final Database database;
    private final SettingsRepository settings = new SettingsRepository();

    public AccountSettingsService(Database database) {
        this.database = database;
    }

    /** The current policy. */
    public AccountPolicy policy() {
        Map<String, String> stored =
                database.read(handle -> settings.read(handle, List.of(REGISTRATION, REQUIRE_2FA_FOR_PUBLISHING)));
        RegistrationPolicy registration = stored.containsKey(REGISTRATION)
                ? RegistrationPolicy.fromStored(stored.get(REGISTRATION))
                        .orElseThrow(() -> new IllegalStateException("settings row " + REGISTRATION + " holds '"
                                + stored.get(REGISTRATION) + "'; expected open, invite-only or closed"))
                : AccountPolicy.DEFAULT.registration();
        boolean require2fa = stored.containsKey(REQUIRE_2FA_FOR_PUBLISHING)
                ? Boolean.parseBoolean(stored.get(REQUIRE_2FA_FOR_PUBLISHING))
                : AccountPolicy.DEFAULT.require2faForPublishing();
        return new AccountPolicy(registration, require2fa);
    }

    /** Replaces the policy; only an administrator may. */
    public void setPolicy(User actor, AccountPolicy policy) {
        if (!actor.admin()) {
            throw new NotAdminException("Only administrators can change the account settings");
        }
        database.writeVoid(handle -> {
            settings.put(handle, REGISTRATION, policy.registration().stored());
            settings.put(handle, REQUIRE_2FA_FOR_PUBLISHING, Boolean.toString(policy.require2faForPublishing()));
        });
    }
}
