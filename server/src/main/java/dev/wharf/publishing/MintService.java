package dev.wharf.publishing;

import dev.wharf.errors.WharfException;
import dev.wharf.projects.EventRepository;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.publishing.oidc.JtiRepository;
import dev.wharf.publishing.oidc.JwtVerifier;
import dev.wharf.publishing.oidc.MintRefusedException;
import dev.wharf.publishing.oidc.VerifiedToken;
import dev.wharf.storage.db.Database;
import dev.wharf.text.Sha256;
import dev.wharf.tokens.PreparedToken;
import dev.wharf.tokens.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Trusted Publishing exchange, {@code POST /_/oidc/mint-token} (warehouse
 * {@code oidc/views.py}), in pypi.org's order with pypi.org's codes:
 * <ol>
 *   <li>the body must be {@code {"token": "<string>"}} ({@code invalid-payload});</li>
 *   <li>the JWT is verified against its issuer ({@link JwtVerifier}: {@code invalid-payload},
 *       {@code invalid-token});</li>
 *   <li>one transaction: find the publisher ({@link PendingPublisherPolicy}: normal publishers first,
 *       so a pending publisher registered by anyone else never takes over an existing project's
 *       publish; {@code invalid-publisher}, {@code invalid-payload} for a refused project name), record
 *       the {@code jti} as used ({@code invalid-reuse-token}), mint the token, record the events.</li>
 * </ol>
 * Where pypi.org commits a half-done exchange (a project created from a pending publisher stays
 * when the mint then fails, because its 422 is a normal response and the transaction commits),
 * Wharf rolls everything back: a failed mint leaves nothing behind but the event that records the
 * refusal. Every exchange, accepted or refused, is an event.
 */
public final class MintService {
    /** Bodies larger than this are refused before parsing; a token is at most 16 KiB. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(MintService.class);
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Claims kept with the token and with files uploaded through it; all are public facts about the CI run. */
    private static final List<String> KEPT_CLAIMS = List.of(
            "repository",
            "repository_owner",
            "job_workflow_ref",
            "ref",
            "sha",
            "environment",
            "event_name",
            "project_path",
            "ci_config_ref_uri",
            "ref_path",
            "email",
            "organization",
            "project",
            "actor");

    private final Database database;
    private final JwtVerifier verifier;
    private final JtiRepository jtis;
    private final PendingPublisherPolicy policy;
    private final PublisherMatcher matcher;
    private final PublisherRepository publishers;
    private final ProjectRepository projects;
    private final TokenService tokens;
    private final EventRepository events;
    private final Duration lifetime;
    private final Clock clock;
    private final dev.wharf.notifications.Notifier notifier;
    /** How long a normal publisher's lookup is reused; see {@link #resolveNormal}. */
    static final Duration RESOLUTION_TTL = Duration.ofSeconds(5);

    private final com.github.benmanes.caffeine.cache.Cache<CandidateKey, List<StoredPublisher>> candidateCache =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .expireAfterWrite(RESOLUTION_TTL)
                    .maximumSize(10_000)
                    .build();
    private final com.github.benmanes.caffeine.cache.Cache<Long, List<Project>> coverageCache =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .expireAfterWrite(RESOLUTION_TTL)
                    .maximumSize(10_000)
                    .build();

    public MintService(
            Database database,
            JwtVerifier verifier,
            JtiRepository jtis,
            PendingPublisherPolicy policy,
            PublisherMatcher matcher,
            PublisherRepository publishers,
            ProjectRepository projects,
            TokenService tokens,
            EventRepository events,
            Duration lifetime,
            Clock clock,
            dev.wharf.notifications.Notifier notifier) {
        this.notifier = notifier;
        this.database = database;
        this.verifier = verifier;
        this.jtis = jtis;
        this.policy = policy;
        this.matcher = matcher;
        this.publishers = publishers;
        this.projects = projects;
        this.tokens = tokens;
        this.events = events;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Exchanges the OIDC token in {@code body}; refusals are {@link MintRefusedException}s with pypi.org's codes. */
    public MintedExchange mint(byte[] body) {
        Attempt attempt = new Attempt();
        try {
            String jwt = tokenFrom(body);
            VerifiedToken verified = verifier.verify(jwt);
            attempt.issuer = verified.issuer().url();
            attempt.jti = verified.jti();
            // Tokens without a jti (Google, ActiveState) can be exchanged again and again on pypi.org until
            // they expire; here their SHA-256 stands in for the jti, so every token is exchanged at most once.
            String replayKey = verified.jti().orElseGet(() -> "sha256:" + Sha256.hex(jwt));
            // The common case, a normal publisher, is resolved with reads only, so the single writer
            // (SQLite) is held just for the three inserts; a pending publisher takes the full path,
            // which creates its project in the same transaction as the token.
            // Everything but the INSERTs (signing the token, serializing the events) happens before,
            // and concurrent exchanges share one commit (Database.writeGrouped).
            Optional<Resolved> resolved = resolveNormal(verified);
            if (resolved.isPresent()) {
                attempt.publisherId = Optional.of(resolved.get().publisher().id());
                Writes writes = prepare(verified, replayKey, resolved.get(), false);
                return database.writeGrouped(writes::apply);
            }
            return database.write(handle -> exchange(handle, verified, replayKey, attempt));
        } catch (MintRefusedException refused) {
            recordRefusal(attempt, refused.code(), refused.description());
            throw refused;
        } catch (PublisherMismatchException mismatch) {
            MintRefusedException refused = MintRefusedException.noPublisher(mismatch.reason());
            recordRefusal(attempt, refused.code(), refused.description());
            throw refused;
        } catch (ProjectCreationRefusedException notCreated) {
            MintRefusedException refused = MintRefusedException.invalidPayload(notCreated.getMessage());
            recordRefusal(attempt, refused.code(), refused.description());
            throw refused;
        }
    }

    /** What is known about an exchange as it goes, for the event that records a refusal. */
    private static final class Attempt {
        String issuer;
        Optional<String> jti = Optional.empty();
        Optional<Long> publisherId = Optional.empty();
    }

    /** A matched publisher and the projects its token will cover. */
    private record Resolved(StoredPublisher publisher, List<Project> covered) {}

    /**
     * The normal-publisher lookup, read-only; empty when none matches (the full path then decides).
     *
     * <p>Candidates per lookup key and the projects per publisher are cached for
     * {@link #RESOLUTION_TTL}: a CI run publishes several files in a burst, and the lookup is most of
     * an exchange's database work. Only found rows are cached, so a publisher just added is used at
     * once. A publisher removed within the TTL may still get a token minted, but that token cannot
     * upload: every upload re-checks, in its own transaction, that the publisher is attached to the
     * project ({@code upload.ProjectGate}), so removal still stops publishing at once.
     */
    private Optional<Resolved> resolveNormal(VerifiedToken verified) {
        PublisherKind kind = PublisherKind.valueOf(verified.issuer().kind().name());
        String issuer = verified.issuer().url();
        StoredPublisher publisher;
        try {
            publisher = matcher.findPublisher(Claims.of(verified.claims()), kind, issuer, key -> {
                        CandidateKey cacheKey = new CandidateKey(kind, issuer, key);
                        List<StoredPublisher> cached = candidateCache.getIfPresent(cacheKey);
                        if (cached != null) {
                            return cached;
                        }
                        List<StoredPublisher> found =
                                database.read(handle -> publishers.candidates(handle, kind, issuer, key));
                        if (!found.isEmpty()) {
                            candidateCache.put(cacheKey, found);
                        }
                        return found;
                    })
                    .publisher();
        } catch (PublisherMismatchException e) {
            return Optional.empty();
        }
        List<Project> covered = coverageCache.getIfPresent(publisher.id());
        if (covered == null) {
            covered = database.read(handle -> covered(handle, publishers.projectIds(handle, publisher.id())));
            if (!covered.isEmpty()) {
                coverageCache.put(publisher.id(), covered);
            }
        }
        return Optional.of(new Resolved(publisher, covered));
    }

    private record CandidateKey(PublisherKind kind, String issuer, LookupKey key) {}

    private List<Project> covered(org.jdbi.v3.core.Handle handle, List<Long> projectIds) {
        return projectIds.stream()
                .map(id -> projects.findProjectById(handle, id))
                .flatMap(Optional::stream)
                .toList();
    }

    private MintedExchange exchange(
            org.jdbi.v3.core.Handle handle, VerifiedToken verified, String replayKey, Attempt attempt) {
        Instant now = clock.instant();
        PublisherKind kind = PublisherKind.valueOf(verified.issuer().kind().name());
        Claims claims = Claims.of(verified.claims());
        PendingPublisherPolicy.Resolution resolution =
                policy.resolve(handle, claims, kind, verified.issuer().url(), now);
        StoredPublisher publisher = resolution.publisher();
        attempt.publisherId = Optional.of(publisher.id());
        resolution
                .reification()
                .ifPresent(r -> handle.afterCommit(() -> notifier.pendingPublisherUsed(
                        r.from().addedBy(),
                        r.project().name(),
                        r.publisher().identity().displayName())));
        return prepare(
                        verified,
                        replayKey,
                        new Resolved(publisher, covered(handle, resolution.projectIds())),
                        resolution.reification().isPresent())
                .apply(handle);
    }

    /** Signs the token and builds the events, outside any transaction; {@link Writes#apply} records them. */
    private Writes prepare(VerifiedToken verified, String replayKey, Resolved resolved, boolean reified) {
        Instant now = clock.instant();
        StoredPublisher publisher = resolved.publisher();
        PublisherKind kind = publisher.kind();
        Set<String> names = new LinkedHashSet<>();
        List<Project> covered = resolved.covered();
        covered.forEach(p -> names.add(p.normalizedName()));
        if (names.isEmpty()) {
            throw MintRefusedException.noPublisher("the publisher is not attached to any project");
        }
        Map<String, String> kept = keptClaims(verified, publisher);
        String description = "OpenID token: " + publisher.identity().displayName();
        PreparedToken token = tokens.prepareForPublisher(publisher.id(), description, names, lifetime, kept);
        MintedExchange exchange =
                new MintedExchange(token.minted().secret(), token.minted().expires());
        List<EventRepository.Entry> entries = new ArrayList<>();
        for (Project project : covered) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("expires", exchange.expires().getEpochSecond());
            detail.put("publisher_name", kind.displayName());
            detail.put("publisher", publisher.identity().displayName());
            detail.put("publisher_id", publisher.id());
            detail.put(
                    "publisher_url", publisher.identity().url(Optional.empty()).orElse(null));
            detail.put("jti", verified.jti().orElse(null));
            detail.put("reified_from_pending_publisher", reified);
            entries.add(EventRepository.entry(
                    Optional.of(project.id()), "oidc:mint", Optional.empty(), Optional.of(token.id()), detail, now));
        }
        return new Writes(verified.issuer().url(), replayKey, verified.expiresAt(), token, entries, exchange);
    }

    /** An exchange's rows: the used jti, the token, its events; all or nothing. */
    private final class Writes {
        private final String issuerUrl;
        private final String replayKey;
        private final Instant tokenExpiresAt;
        private final PreparedToken token;
        private final List<EventRepository.Entry> entries;
        private final MintedExchange exchange;

        Writes(
                String issuerUrl,
                String replayKey,
                Instant tokenExpiresAt,
                PreparedToken token,
                List<EventRepository.Entry> entries,
                MintedExchange exchange) {
            this.issuerUrl = issuerUrl;
            this.replayKey = replayKey;
            this.tokenExpiresAt = tokenExpiresAt;
            this.token = token;
            this.entries = entries;
            this.exchange = exchange;
        }

        MintedExchange apply(org.jdbi.v3.core.Handle handle) {
            // pypi.org claims the jti after a publisher matched and before minting; here inside the
            // same transaction, so the unique key decides concurrent exchanges and a later failure undoes it.
            if (!jtis.claim(handle, issuerUrl, replayKey, tokenExpiresAt)) {
                throw MintRefusedException.alreadyUsed();
            }
            tokens.store(handle, token);
            entries.forEach(entry -> events.write(handle, entry));
            return exchange;
        }
    }

    private static Map<String, String> keptClaims(VerifiedToken verified, StoredPublisher publisher) {
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put("publisher_kind", publisher.kind().label());
        kept.put("publisher", publisher.identity().displayName());
        for (String claim : KEPT_CLAIMS) {
            verified.string(claim)
                    .filter(v -> !v.isEmpty() && v.length() <= 1000)
                    .ifPresent(v -> kept.put(claim, v));
        }
        publisher.identity().url(verified.string("sha")).ifPresent(url -> kept.put("publisher_url", url));
        return kept;
    }

    /** pypi.org parses the body as JSON whatever its Content-Type; {@code token} must be a JSON string. */
    private static String tokenFrom(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw MintRefusedException.invalidPayload(
                    "The request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB.");
        }
        JsonNode document;
        try {
            document = JSON.readTree(body);
        } catch (JacksonException e) {
            throw MintRefusedException.invalidPayload(
                    "The request body must be JSON: {\"token\": \"<OIDC ID token>\"}.");
        }
        JsonNode token = document == null ? null : document.get("token");
        if (document == null || !document.isObject() || token == null || !token.isString()) {
            throw MintRefusedException.invalidPayload(
                    "The request body must be a JSON object whose \"token\" is a string: "
                            + "{\"token\": \"<OIDC ID token>\"}.");
        }
        return token.asString();
    }

    /** Records an exchange refused before it reached this service (trusted publishing disabled). */
    public void recordRefusal(String code, String description) {
        recordRefusal(new Attempt(), code, description);
    }

    private void recordRefusal(Attempt attempt, String code, String description) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", code);
        detail.put("description", description.length() > 500 ? description.substring(0, 500) : description);
        detail.put("issuer", attempt.issuer);
        detail.put("jti", attempt.jti.orElse(null));
        detail.put("publisher_id", attempt.publisherId.orElse(null));
        try {
            database.writeVoid(handle -> events.record(
                    handle,
                    Optional.empty(),
                    "oidc:mint-refused",
                    Optional.empty(),
                    Optional.empty(),
                    detail,
                    clock.instant()));
        } catch (WharfException | org.jdbi.v3.core.JdbiException e) {
            // The refusal itself must reach the caller even if the event cannot be written.
            LOG.warn("Could not record a refused token exchange: {}", e.getMessage());
        }
    }
}
