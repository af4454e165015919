package dev.wharf.accounts;

import com.password4j.Password;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.storage.db.Database;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/** Creates and finds users. Passwords are stored only as Argon2id PHC strings (password4j). */
public final class UserService {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 1024;

    private final Database database;
    private final UserRepository users;
    private final Clock clock;

    public UserService(Database database, UserRepository users, Clock clock) {
        this.database = database;
        this.users = users;
        this.clock = clock;
    }

    public User create(Username username, String email, Optional<String> password, boolean admin) {
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            String shown = email == null ? "" : email.length() > 100 ? email.substring(0, 100) + "..." : email;
            throw new WharfException(Refusal.BAD_REQUEST, "'" + shown + "' is not a valid email address");
        }
        Optional<String> hash = password.map(UserService::hash);
        WharfException taken = new WharfException(Refusal.CONFLICT, "A user named '" + username.value() + "' already exists");
        try {
            return database.write(handle -> {
                if (users.findByName(handle, username.value()).isPresent()) {
                    throw taken;
                }
                return users.insert(handle, username.value(), email, hash, admin, clock.instant());
            });
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException raced) {
            // A concurrent create of the same name committed first: the unique index refused ours.
            if (find(username.value()).isPresent()) {
                throw taken;
            }
            throw raced;
        }
    }

    public Optional<User> find(String username) {
        return database.read(handle -> users.findByName(handle, username));
    }

    public Optional<User> find(long id) {
        return database.read(handle -> users.findById(handle, id));
    }

    private static String hash(String password) {
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new WharfException(Refusal.BAD_REQUEST,
                    "Passwords must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
        }
        return Password.hash(password).addRandomSalt().withArgon2().getResult();
    }
}
