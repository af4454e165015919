package dev.wharf.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Micros;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Limits failed logins: at most {@link #MAX_PER_ACCOUNT} per account and {@link #MAX_PER_ADDRESS}
 * per client address within a sliding {@link #WINDOW}. The web layer calls {@link #check} before
 * verifying a password (or a second factor), {@link #recordFailure} after a wrong one and
 * {@link #recordSuccess} after a right one.
 *
 * <p>Where the counts live, and why:
 * <ul>
 *   <li><b>Per account, in the database</b> ({@code login_failures}). This is the limit that
 *       protects a password, so it must hold across restarts and be the same on every node of a
 *       cluster: an attacker spreading guesses over nodes or waiting for a deploy gains nothing.
 *       Failures for names that do not exist are counted too, so the limit does not reveal which
 *       names exist. The account key is the lower-cased name as typed, at most 64 characters.</li>
 *   <li><b>Per address, in memory</b> (a bounded Caffeine cache). Addresses are unbounded and
 *       chosen by the client, so writing a row per address would let anyone grow the table; the
 *       per-address limit only slows one client spraying many accounts, and a restart or a second
 *       node merely lets it start over at one node's pace. The cache holds at most
 *       {@link #MAX_ADDRESSES} addresses; under a flood the least recently used are forgotten.</li>
 * </ul>
 * A success clears the account's failures (the owner proved the password) but not the address's,
 * or an attacker with one real account could reset their address between guesses at others.
 *
 * <p>Known trade-off: anyone can lock an account for 15 minutes with five wrong passwords. The
 * window is short, and pypi.org accepts the same (it rate-limits per user too).
 */
public final class LoginThrottle {
    public static final int MAX_PER_ACCOUNT = 5;
    public static final int MAX_PER_ADDRESS = 20;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    static final int MAX_ADDRESSES = 100_000;
    private static final int MAX_KEY = 64;

    private final Database database;
    private final Clock clock;
    private final Cache<String, Deque<Instant>> addresses =
            Caffeine.newBuilder().maximumSize(MAX_ADDRESSES).build();

    public LoginThrottle(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Refuses when the account or the address has reached its limit.
     *
     * @throws TooManyAttemptsException with the time until the oldest counted failure leaves the window
     */
    public void check(String username, String address) {
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        List<Instant> accountFailures = database.read(handle -> handle.createQuery("""
                        SELECT failed_at FROM login_failures WHERE account = :a AND failed_at > :since
                        ORDER BY failed_at""")
                .bind("a", accountKey(username)).bind("since", Micros.of(since))
                .mapTo(Long.class).map(Micros::toInstant).list());
        refuseIfOver(accountFailures, MAX_PER_ACCOUNT, now);
        Deque<Instant> fromAddress = addresses.getIfPresent(addressKey(address));
        if (fromAddress != null) {
            List<Instant> recent;
            synchronized (fromAddress) {
                prune(fromAddress, since);
                recent = List.copyOf(fromAddress);
            }
            refuseIfOver(recent, MAX_PER_ADDRESS, now);
        }
    }

    /** Counts a wrong password (or second factor) against the account and the address. */
    public void recordFailure(String username, String address) {
        Instant now = clock.instant();
        String account = accountKey(username);
        database.writeVoid(handle -> {
            // Keep the account's rows bounded: older ones no longer count.
            handle.createUpdate("DELETE FROM login_failures WHERE account = :a AND failed_at <= :since")
                    .bind("a", account).bind("since", Micros.of(now.minus(WINDOW))).execute();
            handle.createUpdate("INSERT INTO login_failures (account, failed_at) VALUES (:a, :now)")
                    .bind("a", account).bind("now", Micros.of(now)).execute();
        });
        Deque<Instant> fromAddress = addresses.get(addressKey(address), key -> new ArrayDeque<>());
        synchronized (fromAddress) {
            prune(fromAddress, now.minus(WINDOW));
            // Never more than the limit needs: the deque stays small whatever a client sends.
            if (fromAddress.size() >= MAX_PER_ADDRESS) {
                fromAddress.removeFirst();
            }
            fromAddress.addLast(now);
        }
    }

    /** The account's owner got in: forget its failures (the address's remain). */
    public void recordSuccess(String username) {
        database.writeVoid(handle -> handle.createUpdate("DELETE FROM login_failures WHERE account = :a")
                .bind("a", accountKey(username)).execute());
    }

    /** Deletes failures that have left the window; for a periodic clean-up job. */
    public int purge() {
        long since = Micros.of(clock.instant().minus(WINDOW));
        return database.write(handle -> handle.createUpdate("DELETE FROM login_failures WHERE failed_at <= :since")
                .bind("since", since).execute());
    }

    private static void refuseIfOver(List<Instant> failures, int max, Instant now) {
        if (failures.size() >= max) {
            // When this one leaves the window, fewer than max failures remain.
            Instant freedAt = failures.get(failures.size() - max).plus(WINDOW);
            throw new TooManyAttemptsException(Duration.between(now, freedAt));
        }
    }

    private static void prune(Deque<Instant> failures, Instant since) {
        while (!failures.isEmpty() && !failures.peekFirst().isAfter(since)) {
            failures.removeFirst();
        }
    }

    private static String accountKey(String username) {
        String key = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return key.length() > MAX_KEY ? key.substring(0, MAX_KEY) : key;
    }

    private static String addressKey(String address) {
        String key = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
        return key.length() > MAX_KEY ? key.substring(0, MAX_KEY) : key;
    }
}
