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
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TwoFactorServiceTest {
    @TempDir
    Path scratch;

    private AccountsFixture f;
    private User alice;

    private TwoFactorService twoFactor(Dialect dialect) {
        f = new AccountsFixture(dialect, scratch);
        alice = f.user("alice");
        return f.twoFactor;
    }

    @AfterEach
    void drop() {
        if (f != null) {
            f.close();
        }
    }

    private String codeNow(TotpEnrollment enrollment, long stepOffset) {
        byte[] key = Base32.decode(enrollment.secret()).orElseThrow();
        return Totp.code(key, Totp.step(f.clock.instant()) + stepOffset, 6);
    }

    private static void assertRefused(
            Throwable thrown, Class<? extends WharfException> type, Refusal refusal, String message) {
        assertThat(thrown).isInstanceOf(type).hasMessage(message);
        assertThat(((WharfException) thrown).refusal()).isEqualTo(refusal);
    }

    private List<String> enable(TwoFactorService twoFactor, TotpEnrollment enrollment) {
        return twoFactor.enrollmentConfirm(alice.id(), codeNow(enrollment, 0));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void enrollmentStartGivesASecretAndAnOtpauthUri(Dialect dialect) {
        TwoFactorService twoFactor = twoFactor(dialect);
        TotpEnrollment enrollment = twoFactor.enrollmentStart(alice.id());
        assertThat(enrollment.secret()).matches("[A-Z2-7]{32}");
        assertThat(Base32.decode(enrollment.secret()).orElseThrow()).hasSize(20);
        assertThat(enrollment.uri())
                .isEqualTo("otpauth://totp/Wharf:alice?secret=" + enrollment.secret() + "&issuer=Wharf");
        assertThat(enrollment.toString()).doesNotContain(enrollment.secret());
        assertThat(twoFactor.enabled(alice.id())).isFalse();
        assertThat(twoFactor.verify(alice.id(), codeNow(enrollment, 0))).isFalse();
        assertThat(twoFactor.enrollmentStart(alice.id()).secret()).isNotEqualTo(enrollment.secret());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void confirmationNeedsARightCodeForThePendingSecret(Dialect dialect) {
        TwoFactorService twoFactor = twoFactor(dialect);
        assertRefused(
                catchThrowable(() -> twoFactor.enrollmentConfirm(alice.id(), "123456")),
                TwoFactorStateException.class,
                Refusal.CONFLICT,
                "Start adding an authenticator first; there is none waiting for a code");
        TotpEnrollment replaced = twoFactor.enrollmentStart(alice.id());
        TotpEnrollment enrollment = twoFactor.enrollmentStart(alice.id());
        String wrongMessage = "That code is not right; enter the 6-digit code your authenticator app shows now";
        assertRefused(
                catchThrowable(() -> twoFactor.enrollmentConfirm(alice.id(), codeNow(replaced, 0))),
                InvalidSecondFactorException.class,
                Refusal.FORBIDDEN,
                wrongMessage);
        assertRefused(
                catchThrowable(() -> twoFactor.enrollmentConfirm(alice.id(), codeNow(enrollment, 2))),
                InvalidSecondFactorException.class,
                Refusal.FORBIDDEN,
                wrongMessage);
        assertThat(twoFactor.enabled(alice.id())).isFalse();

        List<String> recovery = enable(twoFactor, enrollment);
        assertThat(twoFactor.enabled(alice.id())).isTrue();
        assertThat(recovery)
                .hasSize(10)
                .doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"));
        assertThat(twoFactor.recoveryCodesLeft(alice.id())).isEqualTo(10);

        assertRefused(
                catchThrowable(() -> twoFactor.enrollmentStart(alice.id())),
                TwoFactorStateException.class,
                Refusal.CONFLICT,
                "Two-factor authentication is already on; turn it off before adding a new authenticator");
        assertRefused(
                catchThrowable(() -> twoFactor.enrollmentConfirm(alice.id(), codeNow(enrollment, 1))),
                TwoFactorStateException.class,
                Refusal.CONFLICT,
                "Two-factor authentication is already on");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void onlyHashesOfRecoveryCodesAreStored(Dialect dialect) {
        TwoFactorService twoFactor = twoFactor(dialect);
        List<String> recovery = enable(twoFactor, twoFactor.enrollmentStart(alice.id()));
        List<String> stored = f.database()
                .read(h -> h.createQuery("SELECT code_hash FROM recovery_codes")
                        .mapTo(String.class)
                        .list());
        assertThat(stored).hasSize(10).allSatisfy(hash -> assertThat(hash).matches("[0-9a-f]{64}"));
        for (String code : recovery) {
            assertThat(stored).noneSatisfy(hash -> assertThat(hash).contains(code.replace("-", "")));
            assertThat(stored).contains(Sha256.hex(code.replace("-", "")));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aTotpCodeIsAcceptedOnceWithinOneStepEitherSide(Dialect dialect) {
        TwoFactorService twoFactor = twoFactor(dialect);
        TotpEnrollment enrollment = twoFactor.enrollmentStart(alice.id());
        String confirmedWith = codeNow(enrollment, 0);
        twoFactor.enrollmentConfirm(alice.id(), confirmedWith);
        assertThat(twoFactor.verify(alice.id(), confirmedWith))
                .as("replay of the confirmation code")
                .isFalse();

        f.clock.advance(Duration.ofSeconds(30));
        String late = codeNow(enrollment, 0);
        assertThat(twoFactor.verify(alice.id(), codeNow(enrollment, 2))).isFalse();
        assertThat(twoFactor.verify(alice.id(), "000000".equals(late) ? "111111" : "000000"))
                .isFalse();
        f.clock.advance(Duration.ofSeconds(30)); // the code is now one step old: still inside the window
        assertThat(twoFactor.verify(alice.id(), late)).isTrue();
        assertThat(twoFactor.verify(alice.id(), late)).as("replay").isFalse();
        String early = codeNow(enrollment, 1);
        assertThat(twoFactor.verify(alice.id(), early)).as("one step ahead").isTrue();
        assertThat(twoFactor.verify(alice.id(), codeNow(enrollment, 0)))
                .as("before the last used step")
                .isFalse();
        f.clock.advance(Duration.ofSeconds(90));
        assertThat(twoFactor.verify(alice.id(), early)).as("two steps old").isFalse();
        assertThat(twoFactor.verify(alice.id(), " " + codeNow(enrollment, 0) + " "))
                .isTrue();
        assertThat(twoFactor.verify(alice.id(), null)).isFalse();
        assertThat(twoFactor.verify(alice.id(), "1".repeat(100_000))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void eachRecoveryCodeWorksOnce(Dialect dialect) {
        TwoFactorService twoFactor = twoFactor(dialect);
        List<String> recovery = enable(twoFactor, twoFactor.enrollmentStart(alice.id()));
        assertThat(twoFactor.verify(alice.id(), recovery.get(0))).isTrue();
        assertThat(twoFactor.verify(alice.id(), recovery.get(0))).isFalse();
        assertThat(twoFactor.verify(alice.id(), recovery.get(1).replace("-", "").toUpperCase(Locale.ROOT)))
                .isTrue();
        assertThat(twoFactor.verify(alice.id(), recovery.get(1))).isFalse();
        assertThat(twoFactor.verify(alice.id(), recovery.get(2).replace("-", " ")))
                .isTrue();
        assertThat(twoFactor.recoveryCodesLeft(alice.id())).isEqualTo(7);
        User bob = f.user("bob");
        assertThat(f.twoFactor.verify(bob.id(), recovery.get(3)))
                .as("another user's code")
                .isFalse();
        assertThat(twoFactor.verify(alice.id(), "aaaa-bbbb-cccc-dddd")).isFalse();
        assertThat(twoFactor.recoveryCodesLeft(alice.id())).isEqualTo(7);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void disableNeedsAValidCode(Dialect dialect) {
        TwoFactorService twoFactor = twoFactor(dialect);
        assertRefused(
                catchThrowable(() -> twoFactor.disable(alice.id(), "123456")),
                TwoFactorStateException.class,
                Refusal.CONFLICT,
                "Two-factor authentication is not on");
        TotpEnrollment enrollment = twoFactor.enrollmentStart(alice.id());
        String used = codeNow(enrollment, 0);
        List<String> recovery = twoFactor.enrollmentConfirm(alice.id(), used);
        String wrong =
                "That code is not right; enter the current code from your authenticator app or an unused recovery code";
        assertRefused(
                catchThrowable(() -> twoFactor.disable(alice.id(), used)),
                InvalidSecondFactorException.class,
                Refusal.FORBIDDEN,
                wrong);
        assertRefused(
                catchThrowable(() -> twoFactor.disable(alice.id(), "not-a-code")),
                InvalidSecondFactorException.class,
                Refusal.FORBIDDEN,
                wrong);
        assertThat(twoFactor.enabled(alice.id())).isTrue();

        twoFactor.disable(alice.id(), recovery.get(5));
        assertThat(twoFactor.enabled(alice.id())).isFalse();
        assertThat(twoFactor.recoveryCodesLeft(alice.id())).isZero();
        assertThat(twoFactor.verify(alice.id(), recovery.get(6))).isFalse();
        f.clock.advance(Duration.ofSeconds(30));
        assertThat(twoFactor.verify(alice.id(), codeNow(enrollment, 0))).isFalse();

        TotpEnrollment again = twoFactor.enrollmentStart(alice.id());
        f.clock.advance(Duration.ofSeconds(30));
        enable(twoFactor, again);
        f.clock.advance(Duration.ofSeconds(30));
        twoFactor.disable(alice.id(), codeNow(again, 0));
        assertThat(twoFactor.enabled(alice.id())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void unknownUserCannotEnrol(Dialect dialect) {
        TwoFactorService twoFactor = twoFactor(dialect);
        assertRefused(
                catchThrowable(() -> twoFactor.enrollmentStart(alice.id() + 1000)),
                UnknownUserException.class,
                Refusal.NOT_FOUND,
                "There is no user with id " + (alice.id() + 1000));
        assertThat(twoFactor.enabled(alice.id() + 1000)).isFalse();
    }
}
