package dev.wharf.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.password4j.Password;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.TestDatabases;
import dev.wharf.storage.db.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
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

    @AfterEach
    void drop() {
        if (test != null) {
            test.close();
        }
    }

    private String storedHash(String username) {
        return test.database().read(h -> h.createQuery("SELECT password_hash FROM users WHERE username = :u")
                .bind("u", username).mapTo(String.class).findOne().orElse(null));
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
        assertThat(Password.check("correct horse", hash).withArgon2()).isTrue();
        assertThat(Password.check("wrong horse!", hash).withArgon2()).isFalse();
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
                .extracting(e -> ((WharfException) e).refusal()).isEqualTo(Refusal.CONFLICT);
        int count = test.database().read(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Integer.class).one());
        assertThat(count).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void badEmailIsRefusedAndNothingIsStored(Dialect dialect) {
        UserService users = service(dialect);
        for (String email : new String[] {"alice", "alice@", "@example.org", "alice@example", "a b@example.org",
                "alice@@example.org", "a".repeat(65) + "@example.org", "a@" + "b".repeat(250) + ".org"}) {
            assertThatThrownBy(() -> users.create(new Username("alice"), email, Optional.of("long enough"), false))
                    .isInstanceOf(WharfException.class)
                    .hasMessage("'" + (email.length() > 100 ? email.substring(0, 100) + "..." : email)
                            + "' is not a valid email address")
                    .extracting(e -> ((WharfException) e).refusal()).isEqualTo(Refusal.BAD_REQUEST);
        }
        assertThat(users.find("alice")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void passwordLengthIsChecked(Dialect dialect) {
        UserService users = service(dialect);
        for (String password : new String[] {"", "1234567", "x".repeat(1025)}) {
            assertThatThrownBy(() -> users.create(new Username("alice"), "alice@example.org", Optional.of(password), false))
                    .isInstanceOf(WharfException.class)
                    .hasMessage("Passwords must be 8 to 1024 characters long")
                    .extracting(e -> ((WharfException) e).refusal()).isEqualTo(Refusal.BAD_REQUEST);
        }
        assertThat(users.find("alice")).isEmpty();
        users.create(new Username("alice"), "alice@example.org", Optional.of("12345678"), false);
        users.create(new Username("bob"), "bob@example.org", Optional.of("y".repeat(1024)), false);
        assertThat(users.find("bob")).isPresent();
    }
}
