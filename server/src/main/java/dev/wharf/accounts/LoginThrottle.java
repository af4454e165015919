package dev.wharf.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.storage.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Limits failed logins, fairly to people who share an address (an office behind one NAT, every
 * user behind a reverse proxy whose forwarded addresses are not trusted):
 *
 * <table>
 *   <caption>What a login attempt meets</caption>
 *   <tr><th>Account: failures in the last {@link #WINDOW}</th><th>Address: failures in the window</th>
 *       <th>Right password</th><th>Wrong password</th></tr>
 *   <tr><td>&lt; {@link #MAX_PER_ACCOUNT}</td><td>&lt; {@link #MAX_PER_ADDRESS}</td><td>signed in</td>
 *       <td>refused; one failure for the account and the address</td></tr>
 *   <tr><td>&lt; {@link #MAX_PER_ACCOUNT}</td><td>&ge; {@link #MAX_PER_ADDRESS}</td><td>signed in</td>
 *       <td>refused; counts as {@link #HOT_ADDRESS_WEIGHT} failures for the account</td></tr>
 *   <tr><td>&ge; {@link #MAX_PER_ACCOUNT}</td><td>any</td><td colspan="2">429 before the password is
 *       looked at, until the oldest counted failure leaves the window</td></tr>
 * </table>
 *
 * The web layer calls {@link #check} before verifying a password (or a second factor),
 * {@link #recordFailure} after a wrong one and {@link #recordSuccess} after a right one.
 *
 * <p>Why an address over its limit is not refused outright: that locked out every account from the
 * address, so 20 wrong passwords from anyone behind the same NAT or proxy stopped everyone else
 * there for 15 minutes. The per-account limit is the one that protects a password; the address
 * limit now only makes guessing from a busy address cost more per account (three wrong passwords
 * lock an account instead of five), and never stops a person who knows their password.
 *
 * <p>Where the counts live, and why:
 * <ul>
 *   <li><b>Per account, in the database</b> ({@code login_failures}). This is the limit that
 *       protects a password, so it must hold across restarts and be the same on every node of a
 *       cluster: an attacker spreading guesses over nodes or waiting for a deploy gains nothing.
 *       Failures for names that do not exist are counted too, so the limit does not reveal which
 *       names exist. The account key is the lower-cased name as typed, at most 64 characters.</li>
 *   <li><b>Per address, in memory</b> (a bounded Caffeine cache). Addresses are unbounded and
 *       chosen by the client, so writing a row per address would let anyone grow the table; a
 *       restart or a second node merely lets an address start over at one node's pace. The cache
 *       holds at most {@link #MAX_ADDRESSES} addresses; under a flood the least recently used are
 *       forgotten. The address is the client's as {@code server.trusted-proxies} resolves it.</li>
 * </ul>
 * A success clears the account's failures (the owner proved the password) but not the address's,
 * or an attacker with one real account could reset their address between guesses at others.
 *
 * <p>Known trade-off: anyone can lock an account for 15 minutes with five wrong passwords (three
 * from a busy address). The window is short, and pypi.org accepts the same (it rate-limits per
 * user too).
 */
public final class LoginThrottle {
    public static final int MAX_PER_ACCOUNT = 5;
    public static final int MAX_PER_ADDRESS = 20;
    /** How many failures a wrong password counts for its account when its address is over its limit. */
    public static final int HOT_ADDRESS_WEIGHT = 2;

    public static final Duration WINDOW = Duration.ofMinutes(15);
    static final int MAX_ADDRESSES = 100_000;
    private static final int MAX_KEY = 64;

    private final Database database;
    private final Clock clock;
    private final LoginFailureRepository failures = new LoginFailureRepository();
    private final Cache<String, Deque<Instant>> addresses =
            Caffeine.newBuilder().maximumSize(MAX_ADDRESSES).build();

    public LoginThrottle(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Refuses when the account has reached its limit. An address over its limit is not refused
     * here: see the table above.
     *
     * @throws TooManyAttemptsException with the time until the oldest counted failure leaves the window
     */
    public void check(String username, String address) {
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        List<Instant> accountFailures = database.read(handle -> failures.failuresSince(handle, key(username), since));
        refuseIfOver(accountFailures, MAX_PER_ACCOUNT, now);
    }

    /** Whether the address has reached {@link #MAX_PER_ADDRESS} failures within the window. */
    public boolean addressOverLimit(String address) {
        Deque<Instant> fromAddress = addresses.getIfPresent(key(address));
        if (fromAddress == null) {
            return false;
        }
        synchronized (fromAddress) {
            prune(fromAddress, clock.instant().minus(WINDOW));
            return fromAddress.size() >= MAX_PER_ADDRESS;
        }
    }

    /**
     * Counts a wrong password (or second factor) against the account and the address: once for the
     * account, or {@link #HOT_ADDRESS_WEIGHT} times when the address is already over its limit.
     */
    public void recordFailure(String username, String address) {
        Instant now = clock.instant();
        String account = key(username);
        int weight = addressOverLimit(address) ? HOT_ADDRESS_WEIGHT : 1;
        database.writeVoid(handle -> failures.record(handle, account, now, weight, now.minus(WINDOW)));
        Deque<Instant> fromAddress = addresses.get(key(address), key -> new ArrayDeque<>());
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
        database.writeVoid(handle -> failures.clear(handle, key(username)));
    }

    /** Deletes failures that have left the window; for a periodic clean-up job. */
    public int purge() {
        Instant windowStart = clock.instant().minus(WINDOW);
        return database.write(handle -> failures.purgeBefore(handle, windowStart));
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

    /** An account name as typed or a client address, stripped, lower-cased, at most {@link #MAX_KEY} characters. */
    private static String key(String typed) {
        String key = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        return key.length() > MAX_KEY ? key.substring(0, MAX_KEY) : key;
    }
}
