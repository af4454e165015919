package dev.wharf.publishing.providers;

import static dev.wharf.publishing.providers.ClaimTable.failedOptional;
import static dev.wharf.publishing.providers.ClaimTable.failedRequired;
import static dev.wharf.publishing.providers.ClaimTable.notString;
import static dev.wharf.publishing.providers.ClaimTable.optional;
import static dev.wharf.publishing.providers.ClaimTable.required;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.LookupKey;
import dev.wharf.publishing.MatchOutcome;
import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.PublisherMismatchException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Google Cloud claims (warehouse {@code oidc/models/google.py}; the claims of Google's ID tokens
 * are in Google Cloud's authentication docs, "ID tokens").
 *
 * <p>{@code email_verified} must be the JSON boolean {@code true}. pypi.org's check
 * ({@code True == claim == True}) also lets the number {@code 1} through, because Python's
 * {@code True == 1}; here only a boolean passes. Google tokens carry no {@code jti}, so
 * nothing here or in the replay store stops reuse within the token's lifetime; pypi.org has the same gap.
 */
public final class GoogleClaims implements ClaimCheck {
    static final GoogleClaims INSTANCE = new GoogleClaims();

    private static final ClaimTable<GoogleIdentity> TABLE = new ClaimTable<>(List.of(
            required("email", GoogleClaims::checkEmail),
            required("email_verified", GoogleClaims::checkEmailVerified),
            optional("sub", GoogleClaims::checkSub)),
            // Deliberately not checked, as pypi.org.
            Set.of("azp", "google"));

    private GoogleClaims() {
    }

    @Override
    public PublisherKind kind() {
        return PublisherKind.GOOGLE;
    }

    @Override
    public MatchOutcome match(PublisherIdentity publisher, Claims claims) {
        return TABLE.match(cast(publisher), claims);
    }

    @Override
    public Optional<String> missingClaim(Claims claims) {
        return TABLE.missing(claims);
    }

    @Override
    public LookupKey lookupKey(Claims claims) {
        return new LookupKey.GoogleKey(claims.string("email")
                .orElseThrow(() -> new PublisherMismatchException(notString("email", false).orElseThrow())));
    }

    /** A publisher for this {@code sub} beats one for any {@code sub}, as on pypi.org. */
    @Override
    public int specificity(PublisherIdentity publisher, Claims claims) {
        String wanted = claims.stringOrEmpty("sub");
        String sub = cast(publisher).sub();
        if (!wanted.isEmpty() && sub.equals(wanted)) {
            return 2;
        }
        return sub.isEmpty() ? 1 : NOT_SELECTABLE;
    }

    private static Optional<String> checkEmail(GoogleIdentity p, Claims claims) {
        Optional<String> claim = claims.string("email");
        if (claim.isEmpty()) {
            return notString("email", false);
        }
        return claim.get().equals(p.email()) ? Optional.empty()
                : failedRequired("email", "the token is for another service account");
    }

    private static Optional<String> checkEmailVerified(GoogleIdentity p, Claims claims) {
        if (claims.bool("email_verified").orElse(false)) {
            return Optional.empty();
        }
        return failedRequired("email_verified", "the token's email address is not verified (email_verified must "
                + "be the JSON boolean true)");
    }

    private static Optional<String> checkSub(GoogleIdentity p, Claims claims) {
        if (p.sub().isEmpty()) {
            return Optional.empty();
        }
        if (claims.present("sub") && claims.string("sub").isEmpty()) {
            return notString("sub", true);
        }
        return claims.stringOrEmpty("sub").equals(p.sub()) ? Optional.empty()
                : failedOptional("sub", "this publisher is pinned to one service account id, and the token's "
                        + "subject is not it (was the service account deleted and re-created?)");
    }

    private static GoogleIdentity cast(PublisherIdentity publisher) {
        if (publisher instanceof GoogleIdentity google) {
            return google;
        }
        throw new IllegalArgumentException("not a Google publisher: " + publisher.kind());
    }
}
