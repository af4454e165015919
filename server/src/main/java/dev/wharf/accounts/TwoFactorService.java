package dev.wharf.accounts;

import dev.wharf.accounts.SecondFactorRepository.Authenticator;
import dev.wharf.storage.db.Database;
import dev.wharf.text.Sha256;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/**
 * TOTP two-factor authentication ({@link Totp}) with single-use recovery codes.
 *
 * <p>Enrolment is two steps, so a user is never locked out by a secret their app did not take:
 * {@link #enrollmentStart} stores an unconfirmed secret and returns it with its
 * {@code otpauth://} URI; {@link #enrollmentConfirm} turns it on once the app shows a right code
 * and returns {@link #RECOVERY_CODES} recovery codes, shown once — only their SHA-256 is kept
 * (80 random bits each, so a fast hash is enough).
 *
 * <p>Replay: the last accepted TOTP step is stored and a code is accepted only for a later step,
 * by one conditional UPDATE, so the same code cannot be used twice even by two nodes at once
 * (RFC 6238 §5.2). A recovery code is spent the same way.
 *
 * <p>The TOTP secret itself is stored in the clear: computing a code needs it. Encrypting it with
 * a server key would protect only a stolen database copy without the key; not done yet.
 */
public final class TwoFactorService {
    public static final int RECOVERY_CODES = 10;
    static final String ISSUER = "Wharf";
    private static final int RECOVERY_CODE_BYTES = 10; // 80 bits: 16 base32 characters
    /** Anything longer than a grouped recovery code (with some spaces) is refused unread. */
    private static final int MAX_CODE = 64;

    private final Database database;
    private final UserRepository users;
    private final Clock clock;
    private final SecureRandom random;
    private final SecondFactorRepository factors = new SecondFactorRepository();

    public TwoFactorService(Database database, UserRepository users, Clock clock, SecureRandom random) {
        this.database = database;
        this.users = users;
        this.clock = clock;
        this.random = random;
    }

    /**
     * A new unconfirmed TOTP secret for the user, replacing any earlier unconfirmed one.
     *
     * @throws TwoFactorStateException if two-factor authentication is already on
     */
    public TotpEnrollment enrollmentStart(long userId) {
        String secret = Base32.encode(Secrets.randomBytes(random, Totp.SECRET_BYTES));
        String username = database.write(handle -> {
            User user = users.findById(handle, userId)
                    .orElseThrow(() -> new UnknownUserException("There is no user with id " + userId));
            if (confirmed(handle, userId)) {
                throw new TwoFactorStateException(
                        "Two-factor authentication is already on; turn it off before adding a new authenticator");
            }
            factors.replaceUnconfirmed(handle, userId, secret, clock.instant());
            return user.username();
        });
        // Key Uri Format (google-authenticator wiki): label "issuer:account", issuer repeated as a parameter.
        String label = URLEncoder.encode(ISSUER + ":" + username, StandardCharsets.UTF_8)
                .replace("+", "%20");
        String uri = "otpauth://totp/" + label.replace("%3A", ":") + "?secret=" + secret + "&issuer=" + ISSUER;
        return new TotpEnrollment(secret, uri);
    }

    /**
     * Turns two-factor authentication on if {@code code} is right for the pending secret.
     *
     * @return the recovery codes, to show the user once
     * @throws TwoFactorStateException if no enrolment was started or it is already on
     * @throws InvalidSecondFactorException if the code is wrong
     */
    public List<String> enrollmentConfirm(long userId, String code) {
        List<String> recovery = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            recovery.add(group(Base32.encode(Secrets.randomBytes(random, RECOVERY_CODE_BYTES))
                    .toLowerCase(Locale.ROOT)));
        }
        Instant now = clock.instant();
        database.writeVoid(handle -> {
            Optional<Authenticator> found = factors.authenticator(handle, userId);
            if (found.isEmpty()) {
                throw new TwoFactorStateException(
                        "Start adding an authenticator first; there is none waiting for a code");
            }
            if (found.get().confirmed()) {
                throw new TwoFactorStateException("Two-factor authentication is already on");
            }
            OptionalLong step = Totp.matchingStep(found.get().secret(), code, now, Long.MIN_VALUE);
            if (step.isEmpty()) {
                throw new InvalidSecondFactorException(
                        "That code is not right; enter the 6-digit code your authenticator app shows now");
            }
            factors.confirm(
                    handle,
                    userId,
                    step.getAsLong(),
                    recovery.stream().map(c -> Sha256.hex(normalizeRecovery(c))).toList());
        });
        return List.copyOf(recovery);
    }

    /**
     * Whether {@code code} is a TOTP code for a step after the last one used, or an unused recovery
     * code; either is spent by this call. False when two-factor authentication is off.
     */
    public boolean verify(long userId, String code) {
        if (code == null || code.length() > MAX_CODE) {
            return false;
        }
        Instant now = clock.instant();
        return database.write(handle -> spend(handle, userId, code.strip(), now));
    }

    /**
     * Turns two-factor authentication off, after a right TOTP or recovery code.
     *
     * @throws TwoFactorStateException if it is not on
     * @throws InvalidSecondFactorException if the code is wrong or already used
     */
    public void disable(long userId, String code) {
        Instant now = clock.instant();
        database.writeVoid(handle -> {
            if (!confirmed(handle, userId)) {
                throw new TwoFactorStateException("Two-factor authentication is not on");
            }
            if (code == null || code.length() > MAX_CODE || !spend(handle, userId, code.strip(), now)) {
                throw new InvalidSecondFactorException(
                        "That code is not right; enter the current code from your authenticator app or an unused recovery code");
            }
            factors.removeAll(handle, userId);
        });
    }

    /** Whether the user has confirmed a TOTP authenticator. */
    public boolean enabled(long userId) {
        return database.read(handle -> confirmed(handle, userId));
    }

    /** How many recovery codes the user has not used yet. */
    public int recoveryCodesLeft(long userId) {
        return database.read(handle -> factors.unusedRecoveryCodes(handle, userId));
    }

    private boolean spend(Handle handle, long userId, String code, Instant now) {
        Optional<Authenticator> found = factors.authenticator(handle, userId).filter(Authenticator::confirmed);
        if (found.isEmpty()) {
            return false;
        }
        if (code.length() == Totp.DIGITS) {
            OptionalLong step = Totp.matchingStep(
                    found.get().secret(), code, now, found.get().lastUsedStep());
            return step.isPresent() && factors.spendStep(handle, userId, step.getAsLong());
        }
        return factors.spendRecoveryCode(handle, userId, Sha256.hex(normalizeRecovery(code)), now);
    }

    private boolean confirmed(Handle handle, long userId) {
        return factors.authenticator(handle, userId)
                .map(Authenticator::confirmed)
                .orElse(false);
    }

    /** "abcdefghijklmnop" shown as "abcd-efgh-ijkl-mnop", easier to copy by hand. */
    private static String group(String code) {
        return String.join("-", code.substring(0, 4), code.substring(4, 8), code.substring(8, 12), code.substring(12));
    }

    /** Accepts a recovery code with or without dashes and spaces, in either case. */
    private static String normalizeRecovery(String code) {
        return code.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
