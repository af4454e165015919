package dev.wharf.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.storage.db.Dialect;
import dev.wharf.text.Sha256;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InviteServiceTest {
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
    void onlyAdministratorsCreateInvitationsAndOnlyTheHashIsStored(Dialect dialect) {
        f = new AccountsFixture(dialect, scratch);
        User root = f.admin();
        User alice = f.user("alice");
        assertThatThrownBy(() -> f.invites.create(alice, Duration.ofDays(1)))
                .isInstanceOf(NotAdminException.class)
                .hasMessage("Only administrators can create invitations");
        Invite invite = f.invites.create(root, Duration.ofDays(1));
        assertThat(invite.code()).matches("[A-Za-z0-9_-]{43}");
        assertThat(invite.toString()).doesNotContain(invite.code());
        List<Map<String, Object>> rows = f.database()
                .read(h -> h.createQuery("SELECT * FROM invites").mapToMap().list());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).values()).noneMatch(v -> String.valueOf(v).contains(invite.code()));
        assertThat(rows.get(0).get("code_hash")).isEqualTo(Sha256.hex(invite.code()));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void validityIsBounded(Dialect dialect) {
        f = new AccountsFixture(dialect, scratch);
        User root = f.admin();
        for (Duration bad :
                new Duration[] {Duration.ZERO, Duration.ofMinutes(4), Duration.ofDays(31), Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> f.invites.create(root, bad))
                    .isInstanceOf(InvalidInviteException.class)
                    .hasMessage("An invitation must be valid for between 5 minutes and 30 days");
        }
        assertThat(f.invites.create(root, Duration.ofDays(30)).expiresAt())
                .isEqualTo(AccountsFixture.START.plus(Duration.ofDays(30)));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void purgeRemovesExpiredAndLongUsedInvitations(Dialect dialect) {
        f = new AccountsFixture(dialect, scratch);
        User root = f.admin();
        f.invites.create(root, Duration.ofHours(1));
        Invite used = f.invites.create(root, Duration.ofDays(2));
        Invite waiting = f.invites.create(root, Duration.ofDays(2));
        f.users.register(
                new Username("alice"),
                "alice@example.org",
                "long password",
                RegistrationPolicy.INVITE_ONLY,
                Optional.of(used.code()));
        f.clock.advance(Duration.ofDays(1));
        assertThat(f.invites.purge(Duration.ofDays(7))).isEqualTo(1);
        assertThat(f.invites.purge(Duration.ofHours(1))).isEqualTo(1);
        User bob = f.users.register(
                new Username("bob"),
                "bob@example.org",
                "long password",
                RegistrationPolicy.INVITE_ONLY,
                Optional.of(waiting.code()));
        assertThat(bob.username()).isEqualTo("bob");
    }
}
