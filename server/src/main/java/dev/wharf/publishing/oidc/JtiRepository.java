package dev.wharf.publishing.oidc;

import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Micros;
import java.time.Instant;
import java.util.Objects;

/**
 * One use per JWT ID (pypi.org keeps used ones in Redis, warehouse {@code oidc/services.py}): the
 * {@code oidc_jti} table, whose primary key {@code (expires_at, issuer_url, jti)} makes the second
 * claim of a token's {@code jti} fail in the database, so the rule holds across several Wharf nodes
 * and concurrent requests alike.
 *
 * <p>The key begins with the expiry (migration 8) so that rows enter the end of the table instead
 * of a random page, which made the exchange's writes markedly cheaper. It is as strict against
 * replay: {@code expires_at} is computed from the token's {@code exp}, which is signed, so the same
 * token always brings the same key. Only two tokens the issuer signed with one {@code jti} and
 * different expiries would both pass, and RFC 7519 §4.1.7 forbids an issuer to make them.
 *
 * <p>The claim is a single {@code INSERT ... ON CONFLICT DO NOTHING} whose update count says who won;
 * on PostgreSQL a plain INSERT that hits the key would abort the surrounding transaction, and a
 * read-then-insert would race. pypi.org's two phases (an existence check during claim matching,
 * then {@code SET NX}) collapse into this one step, which the caller runs after a publisher matched
 * and before minting.
 *
 * <p>Namespace: pass the token's own {@code iss} (the {@link Issuer#url()}). pypi.org keys by the
 * kind's canonical URL, so two self-managed GitLab instances share one namespace; RFC 7519 §4.1.7
 * only promises uniqueness per issuer, so Wharf keys by the issuer.
 *
 * <p>Rows are kept until {@code exp + 35 s} (the 30 s leeway plus a 5 s margin, as pypi.org's
 * {@code EXAT}): after that the token itself is refused as expired. {@link #purgeExpired} deletes
 * older rows; schedule it (once a minute is plenty).
 */
public final class JtiRepository {
    /** How long past the token's {@code exp} its {@code jti} is remembered: leeway 30 s + 5 s. */
    public static final int RETAIN_AFTER_EXPIRY_SECONDS = JwtVerifier.LEEWAY_SECONDS + 5;

    private final Database database;

    public JtiRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Records the first use of {@code jti} from {@code issuerUrl}, for a token expiring at
     * {@code expiresAt}. Returns {@code true} for the first use, {@code false} if it was used before.
     */
    public boolean claim(String issuerUrl, String jti, Instant expiresAt) {
        return database.write(handle -> claim(handle, issuerUrl, jti, expiresAt));
    }

    /**
     * The same, inside the caller's transaction: the mint records the used {@code jti} together with
     * the token and any project it creates, so a mint that fails later leaves the {@code jti} unused.
     * The unique key still decides between concurrent mints, across nodes: the loser's INSERT does
     * nothing (SQLite serializes writers; PostgreSQL waits for the winner's commit).
     */
    public boolean claim(org.jdbi.v3.core.Handle handle, String issuerUrl, String jti, Instant expiresAt) {
        Objects.requireNonNull(issuerUrl, "issuerUrl");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (jti.length() > JwtVerifier.MAX_JTI_CHARS || issuerUrl.length() > Issuer.MAX_URL_LENGTH) {
            throw new IllegalArgumentException("jti or issuer URL longer than the verifier admits");
        }
        long keepUntil = Micros.of(expiresAt.plusSeconds(RETAIN_AFTER_EXPIRY_SECONDS));
        int inserted = handle.createUpdate(
                        "INSERT INTO oidc_jti (issuer_url, jti, expires_at) VALUES (:issuer, :jti, :keepUntil) "
                                + "ON CONFLICT DO NOTHING")
                .bind("issuer", issuerUrl)
                .bind("jti", jti)
                .bind("keepUntil", keepUntil)
                .execute();
        return inserted == 1;
    }

    /** Deletes the records whose retention ended before {@code now}; returns how many. */
    public int purgeExpired(Instant now) {
        long cutoff = Micros.of(now);
        return database.write(handle -> handle.createUpdate("DELETE FROM oidc_jti WHERE expires_at < :now")
                .bind("now", cutoff)
                .execute());
    }
}
