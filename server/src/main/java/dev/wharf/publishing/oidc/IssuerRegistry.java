package dev.wharf.publishing.oidc;

import com.nimbusds.jose.jwk.RSAKey;
import dev.wharf.storage.db.Database;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuers whose tokens Wharf accepts: the four built-in public services ({@link IssuerKind})
 * and the issuers an administrator added at other URLs (GitHub Enterprise Server at
 * {@code https://HOST/_services/token}, self-managed GitLab at its external URL), stored in the
 * database so that every node and the admin command see the same list.
 *
 * <p>Added issuers are read from the database at most every {@value #SNAPSHOT_MILLIS} ms and held
 * as one snapshot, so that a token with an invented {@code iss} costs no query, while a change made
 * by another process (the admin command, another node) is seen within that time.
 *
 * <p>Unlike pypi.org, whose custom issuers belong to organizations, Wharf's are instance-wide: the
 * instance has one administrator group. Which publishers may use an added issuer is for the claim
 * matching to decide (pypi.org: only GitLab publishers accept an {@code iss} other than the
 * canonical one).
 */
public final class IssuerRegistry {
    static final long SNAPSHOT_MILLIS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(IssuerRegistry.class);
    private static final List<Issuer> BUILT_IN =
            Arrays.stream(IssuerKind.values()).map(Issuer::builtIn).toList();

    private final Database database;
    private final IssuerRepository repository;
    private final boolean allowInsecureLocal;
    private volatile Snapshot snapshot;

    /**
     * @param allowInsecureLocal admit {@code http://127.0.0.1}, {@code http://localhost} and
     *     {@code http://[::1]} issuers (the development issuer). Off in production: an issuer added
     *     while it was on is then ignored, never trusted over plain http.
     */
    public IssuerRegistry(Database database, IssuerRepository repository, boolean allowInsecureLocal) {
        this.database = Objects.requireNonNull(database, "database");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.allowInsecureLocal = allowInsecureLocal;
        if (allowInsecureLocal) {
            LOG.warn("Issuers on plain http at 127.0.0.1/localhost are accepted; this is for development only");
        }
    }

    public boolean allowsInsecureLocal() {
        return allowInsecureLocal;
    }

    /** The issuer whose URL is exactly {@code iss}, built-in or added; empty for any other string. */
    public Optional<Issuer> resolve(String iss) {
        if (iss == null) {
            return Optional.empty();
        }
        Optional<IssuerKind> builtIn = IssuerKind.ofCanonicalUrl(iss);
        if (builtIn.isPresent()) {
            return Optional.of(Issuer.builtIn(builtIn.get()));
        }
        Issuer added = added().get(iss);
        if (added == null || (added.isInsecureLocal() && !allowInsecureLocal)) {
            return Optional.empty();
        }
        return Optional.of(added);
    }

    /**
     * Adds an issuer of a known kind at another URL, optionally with a pinned JWKS (JSON text) to use
     * instead of discovery.
     *
     * @throws IssuerRefusedException for a bad URL, a built-in URL, a URL already added, or a pinned
     *     key set that is not JSON or holds no RSA signing key with a {@code kid}
     */
    public Issuer add(String url, IssuerKind kind, Optional<String> pinnedJwks) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pinnedJwks, "pinnedJwks");
        if (url != null && IssuerKind.ofCanonicalUrl(url).isPresent()) {
            throw IssuerRefusedException.builtIn(url);
        }
        Issuer issuer = Issuer.custom(url, kind, pinnedJwks, allowInsecureLocal);
        pinnedJwks.ifPresent(IssuerRegistry::checkPinned);
        boolean inserted = database.write(handle -> repository.insert(handle, issuer));
        snapshot = null;
        if (!inserted) {
            throw IssuerRefusedException.duplicate(url);
        }
        return issuer;
    }

    /**
     * Removes an added issuer. Publishers registered for it stay but no longer verify.
     *
     * @throws IssuerRefusedException for a built-in issuer or one that is not registered
     */
    public void remove(String url) {
        if (url != null && IssuerKind.ofCanonicalUrl(url).isPresent()) {
            throw IssuerRefusedException.builtIn(url);
        }
        boolean deleted = url != null && database.write(handle -> repository.delete(handle, url));
        snapshot = null;
        if (!deleted) {
            throw IssuerRefusedException.notFound(url);
        }
    }

    /** The built-in issuers in {@link IssuerKind} order, then the added ones by URL. */
    public List<Issuer> list() {
        List<Issuer> all = new ArrayList<>(BUILT_IN);
        all.addAll(database.read(repository::all));
        return List.copyOf(all);
    }

    private Map<String, Issuer> added() {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (current == null || now - current.readAtNanos > SNAPSHOT_MILLIS * 1_000_000) {
            Map<String, Issuer> byUrl = new java.util.HashMap<>();
            for (Issuer issuer : database.read(repository::all)) {
                byUrl.put(issuer.url(), issuer);
            }
            current = new Snapshot(Map.copyOf(byUrl), now);
            snapshot = current;
        }
        return current.byUrl;
    }

    private static void checkPinned(String json) {
        if (json.length() > JwksCache.MAX_BODY_BYTES) {
            throw IssuerRefusedException.invalidJwks("it is longer than " + JwksCache.MAX_BODY_BYTES + " characters");
        }
        Map<String, RSAKey> keys;
        try {
            keys = SigningKeys.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw IssuerRefusedException.invalidJwks("it is not a JSON object with a \"keys\" array");
        }
        if (keys.isEmpty()) {
            throw IssuerRefusedException.invalidJwks(
                    "it holds no RSA signing key (at least " + SigningKeys.MIN_RSA_BITS + " bits) with a \"kid\"");
        }
    }

    private record Snapshot(Map<String, Issuer> byUrl, long readAtNanos) {}
}
