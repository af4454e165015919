package dev.wharf.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.storage.db.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, registers, authenticates users and changes their passwords. Passwords are stored only
 * as Argon2id PHC strings (password4j) with the parameters in {@link #ARGON2}; a hash made with
 * other parameters is replaced at the next successful login.
 */
public final class UserService {
    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;
    private static final int SALT_BYTES = 16;

    private final Database database;
    private final UserRepository users;
    private final InviteService invites;
    private final Clock clock;
    private final SecureRandom random;
    /**
     * Argon2id with OWASP's minimum (Password Storage Cheat Sheet: m = 19 MiB, t = 2, p = 1), a
     * 32-byte output, version 0x13. Written out rather than read from {@code psw4j.properties} so
     * the choice is visible and password4j does not print warnings about a missing file.
     */
    static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, 19);

    private final Argon2Function argon2 = ARGON2;
    /**
     * Checked when the user does not exist or has no password, so that a wrong name costs as much
     * time as a wrong password and the response time does not tell which names exist. Made at the
     * first login rather than in the constructor, so commands that never log in do not pay for it.
     */
    private volatile String dummyHash;

    /** Without invitations (they are refused as invalid); kept for the admin command line. */
    public UserService(Database database, UserRepository users, Clock clock) {
        this(database, users, new InviteService(database, clock, new SecureRandom()), clock, new SecureRandom());
    }

    public UserService(
            Database database, UserRepository users, InviteService invites, Clock clock, SecureRandom random) {
        this.database = database;
        this.users = users;
        this.invites = invites;
        this.clock = clock;
        this.random = random;
    }

    /** Creates a user directly (administrators, the command line); no policy applies. */
    public User create(Username username, String email, Optional<String> password, boolean admin) {
        checkEmail(email);
        Optional<String> hash = password.map(p -> hash(username, p));
        return insert(username, email, hash, admin, Optional.empty());
    }

    /**
     * Self-service registration under {@code policy}: refused when {@link RegistrationPolicy#CLOSED};
     * under {@link RegistrationPolicy#INVITE_ONLY} the invitation is spent in the same transaction
     * that creates the user, so a refused registration leaves the code usable and a code never
     * makes two accounts. Registered users are never administrators.
     */
    public User register(
            Username username, String email, String password, RegistrationPolicy policy, Optional<String> inviteCode) {
        switch (policy) {
            case CLOSED ->
                throw new RegistrationClosedException(
                        "Registration is closed on this index; ask an administrator to create an account for you");
            case INVITE_ONLY -> {
                if (inviteCode.isEmpty() || inviteCode.get().isBlank()) {
                    throw new RegistrationClosedException(
                            "Registration on this index needs an invitation code; ask an administrator for one");
                }
            }
            case OPEN -> {}
        }
        checkEmail(email);
        String hash = hash(username, password);
        Optional<String> invite =
                policy == RegistrationPolicy.INVITE_ONLY ? inviteCode.map(String::strip) : Optional.empty();
        return insert(username, email, Optional.of(hash), false, invite);
    }

    /**
     * The user whose name (ignoring case) and password match, or empty. Always does one Argon2id
     * verification, against a dummy hash when there is no such user or no password, so timing does
     * not reveal which names exist. Rate limiting is {@link LoginThrottle}'s job, before this call.
     */
    public Optional<User> authenticate(String username, String password) {
        if (username == null || password == null || username.length() > 50 || password.length() > MAX_PASSWORD) {
            argon2.check("dummy password", dummyHash());
            return Optional.empty();
        }
        Optional<UserRepository.WithHash> found = database.read(handle -> users.findWithHashByName(handle, username));
        Optional<String> stored = found.flatMap(UserRepository.WithHash::passwordHash);
        if (stored.isEmpty()) {
            argon2.check(password, dummyHash());
            return Optional.empty();
        }
        User user = found.get().user();
        if (!verify(user.id(), password, stored.get())) {
            return Optional.empty();
        }
        rehashIfOutdated(user.id(), password, stored.get());
        return Optional.of(user);
    }

    /**
     * Changes a password after checking the current one. The caller must then end the user's other
     * sessions ({@link SessionService#destroyAll}) and give the current browser a new session.
     */
    public void changePassword(long userId, String oldPassword, String newPassword) {
        UserRepository.WithHash found = database.read(handle -> users.findWithHashById(handle, userId))
                .orElseThrow(() -> new UnknownUserException("There is no user with id " + userId));
        Username name = new Username(found.user().username());
        if (newPassword != null && newPassword.equals(oldPassword)) {
            throw new PasswordRejectedException("The new password must differ from the current one");
        }
        String newHash = hash(name, newPassword);
        boolean oldMatches = oldPassword != null
                && oldPassword.length() <= MAX_PASSWORD
                && found.passwordHash().map(h -> verify(userId, oldPassword, h)).orElseGet(() -> {
                    argon2.check(oldPassword, dummyHash());
                    return false;
                });
        if (!oldMatches) {
            throw new WrongPasswordException("The current password is not correct");
        }
        database.writeVoid(handle -> users.setPasswordHash(handle, userId, newHash));
    }

    /** Every user, by name (case-insensitively), at most {@code limit}. */
    public List<User> list(int limit) {
        return database.read(handle -> users.list(handle, limit));
    }

    public Optional<User> find(String username) {
        return database.read(handle -> users.findByName(handle, username));
    }

    public Optional<User> find(long id) {
        return database.read(handle -> users.findById(handle, id));
    }

    private User insert(
            Username username, String email, Optional<String> hash, boolean admin, Optional<String> invite) {
        WharfException taken =
                new WharfException(Refusal.CONFLICT, "A user named '" + username.value() + "' already exists");
        try {
            return database.write(handle -> {
                if (users.findByName(handle, username.value()).isPresent()) {
                    throw taken;
                }
                User user = users.insert(handle, username.value(), email, hash, admin, clock.instant());
                if (invite.isPresent() && !invites.consume(handle, invite.get(), user.id(), clock.instant())) {
                    // Thrown inside the transaction: the user row is rolled back with it.
                    throw new InvalidInviteException(
                            "This invitation code is not valid, was already used or has expired; ask an administrator for a new one");
                }
                return user;
            });
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException raced) {
            // A concurrent create of the same name committed first: the unique index refused ours.
            if (find(username.value()).isPresent()) {
                throw taken;
            }
            throw raced;
        }
    }

    private static void checkEmail(String email) {
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            String shown = email == null ? "" : email.length() > 100 ? email.substring(0, 100) + "..." : email;
            throw new WharfException(Refusal.BAD_REQUEST, "'" + shown + "' is not a valid email address");
        }
    }

    private String hash(Username username, String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new PasswordRejectedException(
                    "Passwords must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
        }
        if (password.toLowerCase(Locale.ROOT).equals(username.value().toLowerCase(Locale.ROOT))) {
            throw new PasswordRejectedException("Your password must not be your user name");
        }
        return hashUnchecked(password);
    }

    private String hashUnchecked(String password) {
        return Password.hash(password)
                .addSalt(Secrets.randomBytes(random, SALT_BYTES))
                .with(argon2)
                .getResult();
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            // Two threads may both make one; either is as good.
            hash = hashUnchecked(Secrets.randomToken(random, 24));
            dummyHash = hash;
        }
        return hash;
    }

    private boolean verify(long userId, String password, String storedHash) {
        try {
            return Argon2Function.getInstanceFromHash(storedHash).check(password, storedHash);
        } catch (RuntimeException unreadable) {
            // Never log the hash itself; the user id is enough for an administrator to look.
            LOG.warn(
                    "User {} has a stored password hash that is not an Argon2 PHC string; the login is refused",
                    userId);
            return false;
        }
    }

    private void rehashIfOutdated(long userId, String password, String storedHash) {
        if (Argon2Function.getInstanceFromHash(storedHash).equals(argon2)) {
            return;
        }
        String fresh = hashUnchecked(password);
        boolean replaced = database.write(handle -> users.replacePasswordHash(handle, userId, storedHash, fresh));
        if (replaced) {
            LOG.info("Rehashed the password of user {} with the current Argon2id parameters", userId);
        }
    }
}
