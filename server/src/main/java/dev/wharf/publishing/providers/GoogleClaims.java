package dev.wharf.publishing.providers;

import static dev.wharf.publishing.providers.ClaimTable.failedOptional;
import static dev.wharf.publishing.providers.ClaimTable.failedRequired;
import static dev.wharf.publishing.providers.ClaimTable.optionalPinned;
import static dev.wharf.publishing.providers.ClaimTable.required;
import static dev.wharf.publishing.providers.ClaimTable.requiredString;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.LookupKey;
import dev.wharf.publishing.PublisherKind;
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
public final class GoogleClaims extends TableClaimCheck<GoogleIdentity> {
    private static final ClaimTable<GoogleIdentity> TABLE = new ClaimTable<>(
            List.of(
                    requiredString(
                            "email", (p, email) -> email.equals(p.email()), "the token is for another service account"),
                    required("email_verified", GoogleClaims::checkEmailVerified),
                    optionalPinned(
                            "sub",
                            GoogleIdentity::sub,
                            (p, sub, claims) -> sub.equals(p.sub())
                                    ? Optional.empty()
                                    : failedOptional(
                                            "sub",
                                            "this publisher is pinned to one service account id, and the token's "
                                                    + "subject is not it (was the service account deleted and re-created?)"))),
            // Deliberately not checked, as pypi.org.
            Set.of("azp", "google"));

    static final GoogleClaims INSTANCE = new GoogleClaims();

    private GoogleClaims() {
        super(
                PublisherKind.GOOGLE,
                GoogleIdentity.class,
                TABLE,
                claims -> new LookupKey.GoogleKey(lookupString(claims, "email")));
    }

    /** A publisher for this {@code sub} beats one for any {@code sub}, as on pypi.org. */
    @Override
    public int specificity(PublisherIdentity publisher, Claims claims) {
        return pinSpecificity(cast(publisher).sub(), claims.stringOrEmpty("sub"));
    }

    private static Optional<String> checkEmailVerified(GoogleIdentity p, Claims claims) {
        if (claims.bool("email_verified").orElse(false)) {
            return Optional.empty();
        }
        return failedRequired(
                "email_verified",
                "the token's email address is not verified (email_verified must " + "be the JSON boolean true)");
    }
}
