package dev.wharf.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.storage.db.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UserServiceTest {
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456Z");

    @TempDir
    Path scratch;

    private TestDatabase test;

    private UserService service(Dialect dialect) {
        test = TestDatabases.create(dialect, scratch);
        return new UserService(test.database(), new UserRepository(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private AccountsFixture fixture;

    private AccountsFixture fixture(Dialect dialect) {
        fixture = new AccountsFixture(dialect, scratch);
        test = fixture.test;
        return fixture;
    }

    @AfterEach
    void drop() {
        if (test != null) {
            test.close();
        }
    }

    private static void assertRefused(
            Throwable thrown, Class<? extends WharfException> type, Refusal refusal, String message) {
        assertThat(thrown).isInstanceOf(type).hasMessage(message);
        assertThat(((WharfException) thrown).refusal()).isEqualTo(refusal);
    }

    private int userCount() {
        return test.database()
                .read(h -> h.createQuery("SELECT count(*) FROM users")
                        .mapTo(Integer.class)
                        .one());
    }

    private String storedHash(String username) {
        return test.database()
                .read(h -> h.createQuery("SELECT password_hash FROM users WHERE username = :u")
                        .bind("u", username)
                        .mapTo(String.class)
                        .findOne()
                        .orElse(null));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void createsAndFindsAUser(Dialect dialect) {
        UserService users = service(dialect);
        User alice = users.create(new Username("Alice"), "alice@example.org", Optional.of("correct horse"), true);
        assertThat(alice.username()).isEqualTo("Alice");
        assertThat(alice.email()).isEqualTo("alice@example.org");
        assertThat(alice.admin()).isTrue();
        assertThat(alice.createdAt()).isEqualTo(NOW);
        assertThat(users.find("alice")).contains(alice);
        assertThat(users.find("ALICE")).contains(alice);
        assertThat(users.find(alice.id())).contains(alice);
        assertThat(users.find("bob")).isEmpty();
        assertThat(users.find(alice.id() + 1000)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void passwordIsStoredOnlyAsAnArgon2idPhcString(Dialect dialect) {
        UserService users = service(dialect);
        users.create(new Username("alice"), "alice@example.org", Optional.of("correct horse"), false);
        String hash = storedHash("alice");
        assertThat(hash).startsWith("$argon2id$").isNotEqualTo("correct horse").doesNotContain("correct horse");
        // Parameters come from the PHC string itself (m=19456,t=2,p=1), as UserService reads them.
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(Argon2Function.getInstanceFromHash(hash).check("correct horse", hash))
                .isTrue();
        assertThat(Argon2Function.getInstanceFromHash(hash).check("wrong horse!", hash))
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void samePasswordGetsADifferentSalt(Dialect dialect) {
        UserService users = service(dialect);
        users.create(new Username("alice"), "alice@example.org", Optional.of("same password"), false);
        users.create(new Username("bob"), "bob@example.org", Optional.of("same password"), false);
        assertThat(storedHash("alice")).isNotEqualTo(storedHash("bob"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void userWithoutPasswordHasNoHash(Dialect dialect) {
        UserService users = service(dialect);
        users.create(new Username("robot"), "robot@example.org", Optional.empty(), false);
        assertThat(storedHash("robot")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void duplicateNameIgnoringCaseIsAConflict(Dialect dialect) {
        UserService users = service(dialect);
        users.create(new Username("Alice"), "alice@example.org", Optional.empty(), false);
        assertThatThrownBy(() -> users.create(new Username("aLICE"), "other@example.org", Optional.empty(), false))
                .isInstanceOf(WharfException.class)
                .hasMessage("A user named 'aLICE' already exists")
                .extracting(e -> ((WharfException) e).refusal())
                .isEqualTo(Refusal.CONFLICT);
        int count = test.database()
                .read(h -> h.createQuery("SELECT count(*) FROM users")
                        .mapTo(Integer.class)
                        .one());
        assertThat(count).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void badEmailIsRefusedAndNothingIsStored(Dialect dialect) {
        UserService users = service(dialect);
        for (String email : new String[] {
            "alice",
            "alice@",
            "@example.org",
            "alice@example",
            "a b@example.org",
            "alice@@example.org",
            "a".repeat(65) + "@example.org",
            "a@" + "b".repeat(250) + ".org"
        }) {
            assertThatThrownBy(() -> users.create(new Username("alice"), email, Optional.of("long enough"), false))
                    .isInstanceOf(WharfException.class)
                    .hasMessage("'" + (email.length() > 100 ? email.substring(0, 100) + "..." : email)
                            + "' is not a valid email address")
                    .extracting(e -> ((WharfException) e).refusal())
                    .isEqualTo(Refusal.BAD_REQUEST);
        }
        assertThat(users.find("alice")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void passwordLengthIsChecked(Dialect dialect) {
        UserService users = service(dialect);
        for (String password : new String[] {"", "1234567", "x".repeat(1025)}) {
            assertThatThrownBy(() ->
                            users.create(new Username("alice"), "alice@example.org", Optional.of(password), false))
                    .isInstanceOf(WharfException.class)
                    .hasMessage("Passwords must be 8 to 1024 characters long")
                    .extracting(e -> ((WharfException) e).refusal())
                    .isEqualTo(Refusal.BAD_REQUEST);
        }
        assertThat(users.find("alice")).isEmpty();
        users.create(new Username("alice"), "alice@example.org", Optional.of("12345678"), false);
        users.create(new Username("bob"), "bob@example.org", Optional.of("y".repeat(1024)), false);
        assertThat(users.find("bob")).isPresent();
    }

    // ---- registration ----

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void openRegistrationCreatesAnOrdinaryUserAndIgnoresAnyInvitation(Dialect dialect) {
        AccountsFixture f = fixture(dialect);
        User alice = f.users.register(
                new Username("alice"),
                "alice@example.org",
                "long password",
                RegistrationPolicy.OPEN,
                Optional.of("not-a-code"));
        assertThat(alice.admin()).isFalse();
        assertThat(alice.createdAt()).isEqualTo(AccountsFixture.START);
        assertThat(f.users.authenticate("alice", "long password")).contains(alice);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void closedRegistrationIsRefusedAndStoresNothing(Dialect dialect) {
        AccountsFixture f = fixture(dialect);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> f.users.register(
                new Username("alice"),
                "alice@example.org",
                "long password",
                RegistrationPolicy.CLOSED,
                Optional.empty()));
        assertRefused(
                thrown,
                RegistrationClosedException.class,
                Refusal.FORBIDDEN,
                "Registration is closed on this index; ask an administrator to create an account for you");
        assertThat(userCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void inviteOnlyRegistrationNeedsAValidUnusedCode(Dialect dialect) {
        AccountsFixture f = fixture(dialect);
        User root = f.admin();
        Throwable noCode = org.assertj.core.api.Assertions.catchThrowable(() -> f.users.register(
                new Username("alice"),
                "alice@example.org",
                "long password",
                RegistrationPolicy.INVITE_ONLY,
                Optional.empty()));
        assertRefused(
                noCode,
                RegistrationClosedException.class,
                Refusal.FORBIDDEN,
                "Registration on this index needs an invitation code; ask an administrator for one");
        String invalidMessage =
                "This invitation code is not valid, was already used or has expired; ask an administrator for a new one";
        Throwable badCode = org.assertj.core.api.Assertions.catchThrowable(() -> f.users.register(
                new Username("alice"),
                "alice@example.org",
                "long password",
                RegistrationPolicy.INVITE_ONLY,
                Optional.of("A".repeat(43))));
        assertRefused(badCode, InvalidInviteException.class, Refusal.FORBIDDEN, invalidMessage);
        assertThat(f.users.find("alice")).isEmpty();

        Invite invite = f.invites.create(root, Duration.ofDays(1));
        User alice = f.users.register(
                new Username("alice"),
                "alice@example.org",
                "long password",
                RegistrationPolicy.INVITE_ONLY,
                Optional.of(invite.code()));
        assertThat(f.users.find("alice")).contains(alice);

        Throwable reused = org.assertj.core.api.Assertions.catchThrowable(() -> f.users.register(
                new Username("bob"),
                "bob@example.org",
                "long password",
                RegistrationPolicy.INVITE_ONLY,
                Optional.of(invite.code())));
        assertRefused(reused, InvalidInviteException.class, Refusal.FORBIDDEN, invalidMessage);
        assertThat(f.users.find("bob")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void invitationsExpire(Dialect dialect) {
        AccountsFixture f = fixture(dialect);
        Invite invite = f.invites.create(f.admin(), Duration.ofHours(1));
        assertThat(invite.expiresAt()).isEqualTo(AccountsFixture.START.plus(Duration.ofHours(1)));
        f.clock.advance(Duration.ofHours(1));
        Throwable expired = org.assertj.core.api.Assertions.catchThrowable(() -> f.users.register(
                new Username("alice"),
                "alice@example.org",
                "long password",
                RegistrationPolicy.INVITE_ONLY,
                Optional.of(invite.code())));
        assertThat(expired).isInstanceOf(InvalidInviteException.class);
        assertThat(f.users.find("alice")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRefusedRegistrationLeavesTheInvitationUsable(Dialect dialect) {
        AccountsFixture f = fixture(dialect);
        Invite invite = f.invites.create(f.admin(), Duration.ofDays(1));
        f.user("alice");
        assertThatThrownBy(() -> f.users.register(
                        new Username("ALICE"),
                        "a@example.org",
                        "long password",
                        RegistrationPolicy.INVITE_ONLY,
                        Optional.of(invite.code())))
                .hasMessage("A user named 'ALICE' already exists");
        assertThatThrownBy(() -> f.users.register(
                        new Username("bob"),
                        "b@example.org",
                        "bob",
                        RegistrationPolicy.INVITE_ONLY,
                        Optional.of(invite.code())))
                .isInstanceOf(PasswordRejectedException.class);
        User bob = f.users.register(
                new Username("bob"),
                "b@example.org",
                "long password",
                RegistrationPolicy.INVITE_ONLY,
                Optional.of(invite.code()));
        assertThat(bob.username()).isEqualTo("bob");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void passwordEqualToTheUserNameIsRefused(Dialect dialect) {
        AccountsFixture f = fixture(dialect);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> f.users.register(
                new Username("alice.smith"),
                "alice@example.org",
                "Alice.Smith",
                RegistrationPolicy.OPEN,
                Optional.empty()));
        assertRefused(
                thrown,
                PasswordRejectedException.class,
                Refusal.BAD_REQUEST,
                "Your password must not be your user name");
        assertThat(userCount()).isZero();
    }

    // ---- authentication ----

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void authenticateAcceptsOnlyTheRightPassword(Dialect dialect) {
        AccountsFixture f = fixture(dialect);
        User alice = f.user("alice");
        f.users.create(new Username("robot"), "robot@example.org", Optional.empty(), false);
        assertThat(f.users.authenticate("alice", "alice password")).contains(alice);
        assertThat(f.users.authenticate("ALICE", "alice password")).contains(alice);
        assertThat(f.users.authenticate("alice", "Alice password")).isEmpty();
        assertThat(f.users.authenticate("alice", "")).isEmpty();
        assertThat(f.users.authenticate("alice", null)).isEmpty();
        assertThat(f.users.authenticate("nobody", "alice password")).isEmpty();
        assertThat(f.users.authenticate("robot", "anything at all")).isEmpty();
        assertThat(f.users.authenticate("a".repeat(51), "alice password")).isEmpty();
        assertThat(f.users.authenticate("alice", "x".repeat(1025))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aHashWithOldParametersIsReplacedAtTheNextLogin(Dialect dialect) {
        AccountsFixture f = fixture(dialect);
        User alice = f.user("alice");
        Argon2Function weak = Argon2Function.getInstance(1024, 1, 1, 32, Argon2.ID);
        String old = Password.hash("alice password")
                .addSalt(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
                .with(weak)
                .getResult();
        test.database()
                .writeVoid(h -> h.createUpdate("UPDATE users SET password_hash = :h WHERE id = :id")
                        .bind("h", old)
                        .bind("id", alice.id())
                        .execute());

        assertThat(f.users.authenticate("alice", "wrong password")).isEmpty();
        assertThat(storedHash("alice")).isEqualTo(old);

        assertThat(f.users.authenticate("alice", "alice password")).contains(alice);
        String fresh = storedHash("alice");
        assertThat(fresh).isNotEqualTo(old).startsWith("$argon2id$");
        assertThat(Argon2Function.getInstanceFromHash(fresh)).isEqualTo(UserService.ARGON2);
        assertThat(f.users.authenticate("alice", "alice password")).contains(alice);
        assertThat(storedHash("alice")).isEqualTo(fresh);
    }

    // ---- password change ----

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void changePasswordNeedsTheCurrentOneAndAValidNewOne(Dialect dialect) {
        AccountsFixture f = fixture(dialect);
        User alice = f.user("alice");
        assertRefused(
                org.assertj.core.api.Assertions.catchThrowable(
                        () -> f.users.changePassword(alice.id(), "not my password", "new password")),
                WrongPasswordException.class,
                Refusal.FORBIDDEN,
                "The current password is not correct");
        assertRefused(
                org.assertj.core.api.Assertions.catchThrowable(
                        () -> f.users.changePassword(alice.id(), "alice password", "short")),
                PasswordRejectedException.class,
                Refusal.BAD_REQUEST,
                "Passwords must be 8 to 1024 characters long");
        assertRefused(
                org.assertj.core.api.Assertions.catchThrowable(
                        () -> f.users.changePassword(alice.id(), "alice password", "x".repeat(1025))),
                PasswordRejectedException.class,
                Refusal.BAD_REQUEST,
                "Passwords must be 8 to 1024 characters long");
        assertRefused(
                org.assertj.core.api.Assertions.catchThrowable(
                        () -> f.users.changePassword(alice.id(), "alice password", "ALICE")),
                PasswordRejectedException.class,
                Refusal.BAD_REQUEST,
                "Passwords must be 8 to 1024 characters long");
        f.user("alice.smith");
        long smith = f.users.find("alice.smith").orElseThrow().id();
        assertRefused(
                org.assertj.core.api.Assertions.catchThrowable(
                        () -> f.users.changePassword(smith, "alice.smith password", "Alice.Smith")),
                PasswordRejectedException.class,
                Refusal.BAD_REQUEST,
                "Your password must not be your user name");
        assertRefused(
                org.assertj.core.api.Assertions.catchThrowable(
                        () -> f.users.changePassword(alice.id(), "alice password", "alice password")),
                PasswordRejectedException.class,
                Refusal.BAD_REQUEST,
                "The new password must differ from the current one");
        assertRefused(
                org.assertj.core.api.Assertions.catchThrowable(
                        () -> f.users.changePassword(alice.id() + 1000, "alice password", "new password")),
                UnknownUserException.class,
                Refusal.NOT_FOUND,
                "There is no user with id " + (alice.id() + 1000));
        assertThat(f.users.authenticate("alice", "alice password")).contains(alice);

        f.users.changePassword(alice.id(), "alice password", "new password");
        assertThat(f.users.authenticate("alice", "new password")).contains(alice);
        assertThat(f.users.authenticate("alice", "alice password")).isEmpty();
    }
}
