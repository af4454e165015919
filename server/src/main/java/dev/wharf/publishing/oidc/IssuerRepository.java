package dev.wharf.publishing.oidc;

import dev.wharf.storage.db.Micros;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The {@code oidc_issuers} table (administrator-added issuers), on SQLite and PostgreSQL alike.
 * Statements run on a handle the caller opened, so that the {@link IssuerRegistry} decides the
 * transaction.
 */
public final class IssuerRepository {
    private final Clock clock;

    public IssuerRepository(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Inserts the issuer unless its URL is taken; returns whether it was inserted. */
    boolean insert(Handle handle, Issuer issuer) {
        return handle.createUpdate("INSERT INTO oidc_issuers (url, kind, pinned_jwks, created_at) "
                                + "VALUES (:url, :kind, :pinned, :createdAt) ON CONFLICT DO NOTHING")
                        .bind("url", issuer.url())
                        .bind("kind", issuer.kind().service())
                        .bind("pinned", issuer.pinnedJwks().orElse(null))
                        .bind("createdAt", Micros.of(clock.instant()))
                        .execute()
                == 1;
    }

    /** Deletes the issuer; returns whether there was one. */
    boolean delete(Handle handle, String url) {
        return handle.createUpdate("DELETE FROM oidc_issuers WHERE url = :url")
                        .bind("url", url)
                        .execute()
                == 1;
    }

    /** Every added issuer, ordered by URL. Rows with a kind this version does not know are skipped. */
    List<Issuer> all(Handle handle) {
        return handle
                .createQuery("SELECT url, kind, pinned_jwks FROM oidc_issuers ORDER BY url")
                .map((rs, ctx) -> row(rs))
                .list()
                .stream()
                .flatMap(Optional::stream)
                .toList();
    }

    private static Optional<Issuer> row(ResultSet rs) throws SQLException {
        // Rows are read back without re-validating the URL: it was checked when added, and the
        // registry decides what a changed allowInsecureLocal setting means for it.
        String url = rs.getString("url");
        String kind = rs.getString("kind");
        Optional<String> pinned = Optional.ofNullable(rs.getString("pinned_jwks"));
        return IssuerKind.ofService(kind).map(k -> new Issuer(url, k, false, pinned));
    }
}
