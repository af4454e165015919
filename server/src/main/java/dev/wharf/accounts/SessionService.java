package dev.wharf.accounts;

import dev.wharf.storage.db.Database;
import dev.wharf.text.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Handle;

/**
 * Server-side browser sessions and their CSRF tokens.
 *
 * <p>A session id is 32 random bytes (base64url, 43 characters) and is only ever stored as its
 * SHA-256, so reading the {@code sessions} table (a backup, a SQL injection elsewhere) does not let
 * anyone log in. A session ends after {@link #IDLE_TIMEOUT} without use or {@link #ABSOLUTE_TIMEOUT}
 * after login, whichever comes first (OWASP Session Management Cheat Sheet: idle and absolute
 * timeouts). The id changes whenever the privilege of the session changes — {@link #rotate} at
 * login and at second-factor completion — so an id planted before login is worthless after it
 * (session fixation).
 *
 * <p>CSRF: each session has its own random secret; the token is HMAC-SHA256(secret, "csrf"),
 * so a token from one session is worthless in another and a rotated session invalidates old forms.
 */
public final class SessionService {
    public static final Duration IDLE_TIMEOUT = Duration.ofHours(12);
    public static final Duration ABSOLUTE_TIMEOUT = Duration.ofDays(7);
    /** last_seen_at is written at most this often, so a page full of requests costs one write. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    static final int ID_BYTES = 32;
    static final int ID_LENGTH = 43;
    private static final int CSRF_SECRET_BYTES = 32;
    /** A presented token longer than this is refused before any work (untrusted input). */
    private static final int MAX_CSRF_TOKEN = 128;

    private final Database database;
    private final Clock clock;
    private final SecureRandom random;
    private final SessionRepository sessions = new SessionRepository();

    public SessionService(Database database, Clock clock, SecureRandom random) {
        this.database = database;
        this.clock = clock;
        this.random = random;
    }

    /** A new session for a user who has just given the right password; the second factor is pending. */
    public Session create(long userId) {
        return create(userId, false);
    }

    /**
     * A new session; pass {@code secondFactorDone = true} when the user has no second factor to
     * pass, so that the web layer's check is simply {@link Session#secondFactorDone()}.
     */
    public Session create(long userId, boolean secondFactorDone) {
        Instant now = clock.instant();
        return database.write(handle -> insert(handle, userId, now, now, now.plus(ABSOLUTE_TIMEOUT), secondFactorDone));
    }

    /**
     * The live session with this cookie value, or empty if there is none or it has expired (an
     * expired row is deleted on sight). Records the use for the idle timeout.
     */
    public Optional<Session> find(String rawId) {
        if (!Secrets.isBase64url(rawId, ID_LENGTH)) {
            return Optional.empty();
        }
        String idHash = Sha256.hex(rawId);
        Instant now = clock.instant();
        Optional<Session> found = database.read(handle -> sessions.find(handle, idHash, rawId));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session session = found.get();
        if (expired(session, now)) {
            database.writeVoid(handle -> sessions.delete(handle, idHash));
            return Optional.empty();
        }
        if (Duration.between(session.lastSeenAt(), now).compareTo(TOUCH_INTERVAL) >= 0) {
            database.writeVoid(handle -> sessions.touch(handle, idHash, now));
            session = new Session(
                    rawId,
                    session.userId(),
                    session.createdAt(),
                    now,
                    session.expiresAt(),
                    session.secondFactorDone(),
                    session.csrfSecret());
        }
        return Optional.of(session);
    }

    /**
     * Replaces {@code current} with a session of the same user under a new id and a new CSRF
     * secret, and deletes the old one, in one transaction. The absolute limit still counts from
     * the original login. Call it when the user logs in over an existing session and when the
     * second factor is passed ({@code secondFactorDone = true}).
     *
     * @throws SessionExpiredException if {@code current} no longer exists or has expired
     */
    public Session rotate(Session current, boolean secondFactorDone) {
        Instant now = clock.instant();
        String oldHash = Sha256.hex(current.rawId());
        return database.write(handle -> {
            int deleted = sessions.delete(handle, oldHash);
            if (deleted != 1 || expired(current, now)) {
                throw new SessionExpiredException("Your session has expired; please log in again");
            }
            return insert(handle, current.userId(), current.createdAt(), now, current.expiresAt(), secondFactorDone);
        });
    }

    /** Logs out: the session id stops working at once. Unknown ids are ignored. */
    public void destroy(String rawId) {
        if (Secrets.isBase64url(rawId, ID_LENGTH)) {
            database.writeVoid(handle -> sessions.delete(handle, Sha256.hex(rawId)));
        }
    }

    /** Ends every session of a user (after a password change, 2FA change, or by an administrator). */
    public int destroyAll(long userId) {
        return database.write(handle -> sessions.deleteAllOf(handle, userId));
    }

    /** Deletes sessions past either limit; for a periodic clean-up job. */
    public int purgeExpired() {
        Instant now = clock.instant();
        return database.write(handle -> sessions.purge(handle, now, now.minus(IDLE_TIMEOUT)));
    }

    /** The CSRF token for forms of this session: base64url(HMAC-SHA256(csrf secret, "csrf")). */
    public String csrfToken(Session session) {
        return Secrets.base64url(csrfMac(session));
    }

    /**
     * Whether {@code presented} is this session's CSRF token; compared in constant time
     * ({@link MessageDigest#isEqual}) so the response time says nothing about how much matched.
     */
    public boolean checkCsrf(Session session, String presented) {
        if (presented == null || presented.length() > MAX_CSRF_TOKEN) {
            return false;
        }
        byte[] expected = csrfToken(session).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] csrfMac(Session session) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getUrlDecoder().decode(session.csrfSecret()), "HmacSHA256"));
            return mac.doFinal("csrf".getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has HmacSHA256", e);
        }
    }

    private static boolean expired(Session session, Instant now) {
        return !now.isBefore(session.expiresAt())
                || !now.isBefore(session.lastSeenAt().plus(IDLE_TIMEOUT));
    }

    private Session insert(
            Handle handle, long userId, Instant createdAt, Instant now, Instant expiresAt, boolean secondFactorDone) {
        String rawId = Secrets.randomToken(random, ID_BYTES);
        String csrfSecret = Secrets.randomToken(random, CSRF_SECRET_BYTES);
        Session session = new Session(rawId, userId, createdAt, now, expiresAt, secondFactorDone, csrfSecret);
        sessions.insert(handle, Sha256.hex(rawId), session);
        return session;
    }
}
