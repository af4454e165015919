package dev.wharf.accounts;

import dev.wharf.storage.db.Database;
import dev.wharf.text.Sha256;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Invitation codes for {@link RegistrationPolicy#INVITE_ONLY} registration: an administrator
 * creates one, the invitee registers with it, and it works once, before it expires. Codes are 32
 * random bytes (base64url); the database keeps only their SHA-256.
 */
public final class InviteService {
    /** The shortest and longest life an administrator may give an invitation. */
    public static final Duration MIN_VALIDITY = Duration.ofMinutes(5);

    public static final Duration MAX_VALIDITY = Duration.ofDays(30);
    static final int CODE_BYTES = 32;
    static final int CODE_LENGTH = 43; // base64url of 32 bytes without padding

    private final Database database;
    private final Clock clock;
    private final SecureRandom random;
    private final InviteRepository invites = new InviteRepository();

    public InviteService(Database database, Clock clock, SecureRandom random) {
        this.database = database;
        this.clock = clock;
        this.random = random;
    }

    /** A new single-use code valid for {@code validFor}; only an administrator may create one. */
    public Invite create(User admin, Duration validFor) {
        if (!admin.admin()) {
            throw new NotAdminException("Only administrators can create invitations");
        }
        if (validFor.compareTo(MIN_VALIDITY) < 0 || validFor.compareTo(MAX_VALIDITY) > 0) {
            throw new InvalidInviteException("An invitation must be valid for between 5 minutes and 30 days");
        }
        String code = Secrets.randomToken(random, CODE_BYTES);
        Instant now = clock.instant();
        Instant expires = now.plus(validFor);
        database.writeVoid(handle -> invites.insert(handle, Sha256.hex(code), admin.id(), now, expires));
        return new Invite(code, expires);
    }

    /**
     * Marks {@code code} used by {@code userId} inside the caller's transaction (registration),
     * so that the invitation is spent exactly when the account is created. One conditional update:
     * of two registrations racing with one code, exactly one sees a changed row.
     *
     * @return whether the code existed, was unused and unexpired (and is now used)
     */
    boolean consume(Handle handle, String code, long userId, Instant now) {
        if (!Secrets.isBase64url(code, CODE_LENGTH)) {
            return false;
        }
        return invites.markUsed(handle, Sha256.hex(code), userId, now);
    }

    /** Deletes invitations that expired unused or were used more than {@code keep} ago. */
    public int purge(Duration keep) {
        Instant now = clock.instant();
        return database.write(handle -> invites.purge(handle, now, now.minus(keep)));
    }
}
