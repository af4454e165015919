package dev.wharf.tokens;

import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsBuilder;
import com.github.nitram509.jmacaroons.MacaroonsVerifier;
import dev.wharf.storage.db.Database;
import dev.wharf.text.Json;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * API tokens: creates them, authenticates presented ones, checks their project scope, lists and
 * revokes them.
 *
 * <p>A token is a macaroon (libmacaroons V2, {@code pypi-} prefixed; see {@link TokenFormat}) whose
 * identifier is the id of its {@code api_tokens} row and whose HMAC chain starts from that row's
 * random 32-byte key. The row never holds the token: without the key nobody can make one, and
 * without the token the row is of no use to a reader of the database.
 *
 * <p>{@link #authenticate} goes the way warehouse's {@code DatabaseMacaroonService.verify} does, in
 * this order: parse (any garbage is refused alike, never an error), load the row by identifier,
 * append the caveats stored with the row to the presented macaroon (so the index's restrictions hold
 * even for a token that did not carry them), check the HMAC chain with the row's key, and judge
 * every caveat. Wharf differs in two ways, both deliberate: the signature is checked on its own
 * first, so a forged or unknown token always gets the same answer and never learns which caveat
 * would have failed; and revocation keeps the row (pypi.org deletes it), so owners still see revoked
 * tokens. The macaroon location is not checked, as on pypi.org: it is a hint for the bearer, not
 * authenticated by the signature, and renaming the host must not break tokens.
 *
 * <p>Nothing here logs; nothing here puts a token or a key into a message.
 */
public final class TokenService {
    /** Owners see when a token was last used; to the minute is enough and spares a write per upload. */
    static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    static final int MAX_DESCRIPTION_LENGTH = 100;
    static final int KEY_BYTES = 32;
    private static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private final TokenRepository tokens;
    private final Clock clock;
    private final SecureRandom random;
    private final String location;
    private final dev.wharf.notifications.Notifier notifier;

    /**
     * @param location the macaroon location written into every token: this index's host name, e.g.
     *     {@code wharf.example.org} (pypi.org writes {@code pypi.org})
     */
    public TokenService(Database db, Clock clock, SecureRandom random, String location) {
        this(db, clock, random, location, dev.wharf.notifications.NoNotifier.INSTANCE);
    }

    /** @param notifier told of every token created for a user (with its description, never its secret) */
    public TokenService(
            Database db, Clock clock, SecureRandom random, String location, dev.wharf.notifications.Notifier notifier) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.tokens = new TokenRepository(Objects.requireNonNull(db, "db"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        Objects.requireNonNull(location, "location");
        if (location.isBlank() || location.length() > 255 || !location.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("token location must be a host name, got '" + location + "'");
        }
        this.location = location;
    }

    /**
     * Creates a token for the user. Project-scoped tokens carry a project caveat; all-projects tokens
     * carry a user caveat, as pypi.org's do; a token with an expiry carries an expiry caveat that is
     * valid from now (whole seconds, the caveat's unit).
     *
     * @return the token id and the secret, which is not stored and cannot be shown again
     * @throws InvalidTokenRequestException for a blank or over-long description or an expiry not in the future
     */
    public IssuedToken create(long userId, String description, TokenScope scope, Optional<Instant> expires) {
        String note = validDescription(description);
        Objects.requireNonNull(scope, "scope");
        Instant now = clock.instant();

        List<Caveat> caveats = new ArrayList<>();
        scope.projects()
                .ifPresentOrElse(
                        names -> caveats.add(new Caveat.ProjectNames(List.copyOf(names))),
                        () -> caveats.add(new Caveat.RequestUser(Long.toString(userId))));
        OptionalLong expiresAt = OptionalLong.empty();
        if (expires.isPresent()) {
            long expiresSecond = expires.get().getEpochSecond();
            long notBefore = now.getEpochSecond();
            if (expiresSecond <= notBefore) {
                throw new InvalidTokenRequestException("The token's expiry must be in the future.");
            }
            if (expires.get().isAfter(LATEST_EXPIRY)) {
                throw new InvalidTokenRequestException("The token's expiry must be before the year 10000.");
            }
            caveats.add(new Caveat.Expiration(expiresSecond, notBefore));
            expiresAt = OptionalLong.of(micros(Instant.ofEpochSecond(expiresSecond)));
        }

        // Only reachable with very many long project names: refuse a token we would not accept.
        Signed signed = sign(caveats, "Too many or too long project names for one token; split the scope.");
        String id = signed.id();
        String secret = signed.secret();
        tokens.insert(new StoredToken(
                id,
                OptionalLong.of(userId),
                OptionalLong.empty(),
                "{}",
                note,
                signed.key(),
                caveats,
                micros(now),
                expiresAt,
                OptionalLong.empty(),
                OptionalLong.empty()));
        notifier.tokenCreated(userId, note);
        return new IssuedToken(id, secret);
    }

    /**
     * Builds a short-lived token for a trusted publisher without touching the database: the
     * exchange signs it before it takes the writer, then {@link #store}s it in the transaction that
     * also records the used {@code jti} (and any project it creates), so a failed exchange leaves
     * nothing behind.
     *
     * <p>Caveats, as pypi.org issues them (Warehouse {@code macaroons/caveats}), except that the
     * projects are named rather than numbered: {@code [4,"<publisher id>",null]},
     * {@code [1,[<normalized names>]]}, {@code [0,<expires>,<not before>]}.
     *
     * @param projects the publisher's projects now (normalized names, at least one)
     * @param claims   claims to keep with the token and with files uploaded through it
     */
    public PreparedToken prepareForPublisher(
            long publisherId, String description, Set<String> projects, Duration lifetime, Map<String, String> claims) {
        if (projects.isEmpty()) {
            throw new IllegalArgumentException("a publisher token needs at least one project");
        }
        String note = validDescription(
                description.length() > MAX_DESCRIPTION_LENGTH
                        ? description.substring(0, MAX_DESCRIPTION_LENGTH)
                        : description);
        Instant now = clock.instant();
        long notBefore = now.getEpochSecond();
        long expires = notBefore + lifetime.toSeconds();
        List<Caveat> caveats = List.of(
                new Caveat.OidcPublisher(Long.toString(publisherId)),
                new Caveat.ProjectNames(projects.stream().sorted().toList()),
                new Caveat.Expiration(expires, notBefore));
        Signed signed = sign(caveats, "The publisher has too many projects for one token.");
        StoredToken row = new StoredToken(
                signed.id(),
                OptionalLong.empty(),
                OptionalLong.of(publisherId),
                Json.MAPPER.writeValueAsString(claims),
                note,
                signed.key(),
                caveats,
                micros(now),
                OptionalLong.of(micros(Instant.ofEpochSecond(expires))),
                OptionalLong.empty(),
                OptionalLong.empty());
        return new PreparedToken(row, new MintedToken(signed.id(), signed.secret(), Instant.ofEpochSecond(expires)));
    }

    /**
     * Records a prepared publisher token in the caller's transaction; until this commits, the token
     * authenticates nothing (its key is nowhere else).
     */
    public MintedToken store(Handle handle, PreparedToken prepared) {
        tokens.insert(handle, prepared.row());
        return prepared.minted();
    }

    /** A new token id and root key, and the token carrying {@code caveats} signed with them. */
    private Signed sign(List<Caveat> caveats, String tooLong) {
        String id = randomUuid().toString();
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        List<String> encoded = caveats.stream().map(CaveatCodec::encode).toList();
        String secret = TokenFormat.serialize(location, id, encoded, MacaroonSignature.sign(key, id, encoded));
        if (secret.length() > TokenFormat.MAX_PRESENTED_CHARS) {
            throw new InvalidTokenRequestException(tooLong);
        }
        return new Signed(id, key, secret);
    }

    private record Signed(String id, byte[] key, String secret) {
        /** Neither the key nor the token: a record's default toString would print both. */
        @Override
        public String toString() {
            return "Signed[id=" + id + "]";
        }
    }

    /**
     * Authenticates a presented token (the password sent with user {@code __token__}).
     *
     * @return whose token it is and which projects it is limited to
     * @throws TokenRefusedException if the token is malformed, unknown, forged, revoked, expired, not
     *     yet valid, or carries a caveat that fails or that this index does not understand
     */
    public TokenBearer authenticate(String presented) {
        Macaroon presentedMacaroon = TokenFormat.parse(presented).orElseThrow(TokenRefusedException::invalid);
        StoredToken row = tokens.find(presentedMacaroon.identifier).orElseThrow(TokenRefusedException::invalid);
        Macaroon macaroon = withIssuedCaveats(presentedMacaroon, row.caveats());
        byte[] key = row.rootKey();

        // Authenticity first, every caveat admitted into the chain: only an authentic token learns more.
        boolean authentic =
                new MacaroonsVerifier(macaroon).satisfyGeneral(caveat -> true).isValid(key);
        if (!authentic) {
            throw TokenRefusedException.invalid();
        }
        if (row.revokedAt().isPresent()) {
            throw TokenRefusedException.revoked();
        }
        Instant now = clock.instant();
        CaveatPolicy policy = new CaveatPolicy(now, row.userId(), row.publisherId());
        boolean satisfied =
                new MacaroonsVerifier(macaroon).satisfyGeneral(policy).isValid(key);
        if (!satisfied || policy.failure().isPresent()) {
            throw policy.failure().orElseGet(TokenRefusedException::invalid);
        }
        recordUse(row, now);
        if (row.publisherId().isPresent()) {
            return new PublisherTokenIdentity(row.id(), row.publisherId().getAsLong(), policy.projects(), claims(row));
        }
        return new TokenIdentity(row.id(), row.userId().getAsLong(), policy.projects());
    }

    /**
     * Refuses unless the authenticated token may upload to this project.
     *
     * @param normalizedProject the project's PEP 503 normalized name
     * @throws TokenRefusedException with pypi.org's message naming the project
     */
    public void checkProject(TokenBearer identity, String normalizedProject) {
        Objects.requireNonNull(normalizedProject, "normalizedProject");
        boolean allowed = identity.projects()
                .map(names -> names.contains(normalizedProject))
                .orElse(true);
        if (!allowed) {
            throw TokenRefusedException.notForProject(normalizedProject);
        }
    }

    /** The user's tokens, oldest first, revoked ones included; never their secrets. */
    public List<TokenSummary> list(long userId) {
        return tokens.listByUser(userId).stream().map(TokenService::summary).toList();
    }

    /**
     * Revokes a token (administrators). Revoking twice is harmless.
     *
     * @throws TokenNotFoundException if there is no such token
     */
    public void revoke(String tokenId) {
        if (!tokens.revoke(tokenId, OptionalLong.empty(), micros(clock.instant()))) {
            throw new TokenNotFoundException();
        }
    }

    /**
     * Revokes one of the user's own tokens. Revoking twice is harmless.
     *
     * @throws TokenNotFoundException if the user has no such token (also when it is another user's)
     */
    public void revoke(long userId, String tokenId) {
        if (!tokens.revoke(tokenId, OptionalLong.of(userId), micros(clock.instant()))) {
            throw new TokenNotFoundException();
        }
    }

    private void recordUse(StoredToken row, Instant now) {
        long nowMicros = micros(now);
        long staleBefore = nowMicros - LAST_USED_GRANULARITY.toNanos() / 1_000;
        boolean stale = row.lastUsedAt().isEmpty() || row.lastUsedAt().getAsLong() < staleBefore;
        if (stale) {
            tokens.recordUse(row.id(), nowMicros, staleBefore);
        }
    }

    private static Map<String, String> claims(StoredToken row) {
        Map<String, String> claims = new java.util.LinkedHashMap<>();
        Json.MAPPER
                .readTree(row.claimsJson())
                .properties()
                .forEach(e -> claims.put(e.getKey(), e.getValue().asString()));
        return claims;
    }

    private static Macaroon withIssuedCaveats(Macaroon presented, List<Caveat> issued) {
        MacaroonsBuilder builder = MacaroonsBuilder.modify(presented);
        for (Caveat caveat : issued) {
            builder.add_first_party_caveat(CaveatCodec.encode(caveat));
        }
        return builder.build();
    }

    private static TokenSummary summary(StoredToken row) {
        Set<String> projects = null;
        for (Caveat caveat : row.caveats()) {
            if (caveat instanceof Caveat.ProjectNames names) {
                if (projects == null) {
                    projects = new HashSet<>(names.normalizedNames());
                } else {
                    projects.retainAll(names.normalizedNames());
                }
            }
        }
        TokenScope scope = projects == null ? TokenScope.allProjects() : TokenScope.projects(projects);
        return new TokenSummary(
                row.id(),
                row.description(),
                scope,
                instant(row.createdAt()),
                optionalInstant(row.expiresAt()),
                optionalInstant(row.lastUsedAt()),
                row.revokedAt().isPresent());
    }

    private static String validDescription(String description) {
        String note = Objects.requireNonNullElse(description, "").strip();
        if (note.isEmpty()) {
            throw new InvalidTokenRequestException(
                    "A token needs a description, so that you can tell your tokens apart.");
        }
        if (note.length() > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidTokenRequestException(
                    "A token's description can be at most " + MAX_DESCRIPTION_LENGTH + " characters.");
        }
        if (note.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidTokenRequestException("A token's description cannot contain control characters.");
        }
        return note;
    }

    /**
     * A version 7 UUID (RFC 9562 §5.7): the injected clock's Unix milliseconds, then 74 random bits
     * from the injected randomness, so tests can fix both. Time-ordered ids make the {@code api_tokens}
     * primary-key index grow at its end: a commit of several minted tokens touches one index page
     * instead of one random page per token (Trusted Publishing mints a token per exchange). The id is
     * no secret (the root key is), and the time it shows is the token's own not-before caveat.
     */
    private UUID randomUuid() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        long millis = clock.millis();
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (millis >>> (8 * (5 - i)));
        }
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x70);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static Optional<Instant> optionalInstant(OptionalLong micros) {
        return micros.isPresent() ? Optional.of(instant(micros.getAsLong())) : Optional.empty();
    }
}
