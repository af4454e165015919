package dev.wharf.publishing.providers;

import static dev.wharf.publishing.providers.ClaimTable.failedRequired;
import static dev.wharf.publishing.providers.ClaimTable.notString;
import static dev.wharf.publishing.providers.ClaimTable.required;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.LookupKey;
import dev.wharf.publishing.MatchOutcome;
import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.PublisherMismatchException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * ActiveState Platform claims (warehouse {@code oidc/models/activestate.py}). All
 * are required and compared exactly; the actor is pinned by id. Organization and project names
 * have no resurrection protection, here as on pypi.org.
 */
public final class ActiveStateClaims implements ClaimCheck {
    static final ActiveStateClaims INSTANCE = new ActiveStateClaims();
    static final String BUILDER = "pypi-publisher";

    private static final ClaimTable<ActiveStateIdentity> TABLE = new ClaimTable<>(List.of(
            required("sub", ActiveStateClaims::checkSub),
            required("organization", exact("organization", ActiveStateIdentity::organization,
                    "the token comes from another organization")),
            required("project", exact("project", ActiveStateIdentity::project,
                    "the token comes from another ActiveState project")),
            required("actor_id", exact("actor_id", ActiveStateIdentity::actorId,
                    "the token was issued to another ActiveState user than the one registered")),
            required("builder", exact("builder", p -> BUILDER,
                    "the token was not issued to ActiveState's PyPI publisher builder"))),
            // Deliberately not checked, as pypi.org.
            Set.of("actor", "artifact_id", "ingredient", "organization_id", "project_id", "project_path",
                    "project_visibility"));

    private ActiveStateClaims() {
    }

    @Override
    public PublisherKind kind() {
        return PublisherKind.ACTIVESTATE;
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
        return new LookupKey.ActiveStateKey(string(claims, "organization"), string(claims, "project"),
                string(claims, "actor_id"));
    }

    private static String string(Claims claims, String name) {
        return claims.string(name)
                .orElseThrow(() -> new PublisherMismatchException(notString(name, false).orElseThrow()));
    }

    /** One publisher per key; nothing narrows it further. */
    @Override
    public int specificity(PublisherIdentity publisher, Claims claims) {
        cast(publisher);
        return 1;
    }

    /** {@code org:<organization>:project:<project>:...}, exact, with pypi.org's three messages. */
    private static Optional<String> checkSub(ActiveStateIdentity p, Claims claims) {
        Optional<String> claim = claims.string("sub");
        if (claim.isEmpty()) {
            return notString("sub", false);
        }
        if (claim.get().isEmpty()) {
            return Optional.of("Missing 'subject' claim");
        }
        String[] parts = claim.get().split(":", -1);
        if (parts.length < 4) {
            return Optional.of("Invalid 'subject' claim. Wrong format");
        }
        String head = String.join(":", parts[0], parts[1], parts[2], parts[3]);
        if (!head.equals("org:" + p.organization() + ":project:" + p.project())) {
            return Optional.of("Invalid 'subject' claim");
        }
        return Optional.empty();
    }

    private static ClaimTable.Check<ActiveStateIdentity> exact(String claim, Function<ActiveStateIdentity, String> truth,
                                                              String hint) {
        return (p, claims) -> {
            Optional<String> value = claims.string(claim);
            if (value.isEmpty()) {
                return notString(claim, false);
            }
            return value.get().equals(truth.apply(p)) ? Optional.empty() : failedRequired(claim, hint);
        };
    }

    private static ActiveStateIdentity cast(PublisherIdentity publisher) {
        if (publisher instanceof ActiveStateIdentity activeState) {
            return activeState;
        }
        throw new IllegalArgumentException("not an ActiveState publisher: " + publisher.kind());
    }
}
