package dev.wharf.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.storage.db.Dialect;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AccountSettingsServiceTest {
    @TempDir
    Path scratch;

    private AccountsFixture f;

    @AfterEach
    void drop() {
        if (f != null) {
            f.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void defaultsUntilAnAdministratorChangesThePolicy(Dialect dialect) {
        f = new AccountsFixture(dialect, scratch);
        assertThat(f.settings.policy()).isEqualTo(new AccountPolicy(RegistrationPolicy.CLOSED, false));
        User root = f.admin();
        for (RegistrationPolicy registration : RegistrationPolicy.values()) {
            for (boolean require2fa : new boolean[] {true, false}) {
                AccountPolicy policy = new AccountPolicy(registration, require2fa);
                f.settings.setPolicy(root, policy);
                assertThat(f.settings.policy()).isEqualTo(policy);
                assertThat(new AccountSettingsService(f.database()).policy())
                        .as("another node")
                        .isEqualTo(policy);
            }
        }
        f.settings.setPolicy(root, new AccountPolicy(RegistrationPolicy.INVITE_ONLY, true));
        String stored = f.database()
                .read(h -> h.createQuery("SELECT value FROM settings WHERE key = 'accounts.registration'")
                        .mapTo(String.class)
                        .one());
        assertThat(stored).isEqualTo("invite-only");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void onlyAdministratorsChangeThePolicy(Dialect dialect) {
        f = new AccountsFixture(dialect, scratch);
        User alice = f.user("alice");
        assertThatThrownBy(() -> f.settings.setPolicy(alice, new AccountPolicy(RegistrationPolicy.OPEN, false)))
                .isInstanceOf(NotAdminException.class)
                .hasMessage("Only administrators can change the account settings");
        assertThat(f.settings.policy()).isEqualTo(AccountPolicy.DEFAULT);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aCorruptStoredValueFailsLoudly(Dialect dialect) {
        f = new AccountsFixture(dialect, scratch);
        f.database()
                .writeVoid(h -> h.createUpdate(
                                "INSERT INTO settings (key, value) VALUES ('accounts.registration', 'Open')")
                        .execute());
        assertThatThrownBy(() -> f.settings.policy())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'Open'");
    }
}
