package dev.wharf.publishing.providers;

import static dev.wharf.publishing.providers.ClaimTable.requiredString;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.LookupKey;
import dev.wharf.publishing.PublisherKind;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ActiveState Platform claims (warehouse {@code oidc/models/activestate.py}). All
 * are required and compared exactly; the actor is pinned by id. Organization and project names
 * have no resurrection protection, here as on pypi.org.
 */
public final class ActiveStateClaims extends TableClaimCheck<ActiveStateIdentity> {
    static final String BUILDER = "pypi-publisher";

    private static final ClaimTable<ActiveStateIdentity> TABLE = new ClaimTable<>(
            List.of(
                    requiredString("sub", ActiveStateClaims::checkSub),
                    requiredString(
                            "organization",
                            (p, organization) -> organization.equals(p.organization()),
                            "the token comes from another organization"),
                    requiredString(
                            "project",
                            (p, project) -> project.equals(p.project()),
                            "the token comes from another ActiveState project"),
                    requiredString(
                            "actor_id",
                            (p, actorId) -> actorId.equals(p.actorId()),
                            "the token was issued to another ActiveState user than the one registered"),
                    requiredString(
                            "builder",
                            (p, builder) -> builder.equals(BUILDER),
                            "the token was not issued to ActiveState's PyPI publisher builder")),
            // Deliberately not checked, as pypi.org.
            Set.of(
                    "actor",
                    "artifact_id",
                    "ingredient",
                    "organization_id",
                    "project_id",
                    "project_path",
                    "project_visibility"));

    static final ActiveStateClaims INSTANCE = new ActiveStateClaims();

    private ActiveStateClaims() {
        super(
                PublisherKind.ACTIVESTATE,
                ActiveStateIdentity.class,
                TABLE,
                claims -> new LookupKey.ActiveStateKey(
                        lookupString(claims, "organization"),
                        lookupString(claims, "project"),
                        lookupString(claims, "actor_id")));
    }

    /** One publisher per key; nothing narrows it further. */
    @Override
    public int specificity(PublisherIdentity publisher, Claims claims) {
        cast(publisher);
        return 1;
    }

    /** {@code org:<organization>:project:<project>:...}, exact, with pypi.org's three messages. */
    private static Optional<String> checkSub(ActiveStateIdentity p, String sub, Claims claims) {
        if (sub.isEmpty()) {
            return Optional.of("Missing 'subject' claim");
        }
        String[] parts = sub.split(":", -1);
        if (parts.length < 4) {
            return Optional.of("Invalid 'subject' claim. Wrong format");
        }
        String head = String.join(":", parts[0], parts[1], parts[2], parts[3]);
        if (!head.equals("org:" + p.organization() + ":project:" + p.project())) {
            return Optional.of("Invalid 'subject' claim");
        }
        return Optional.empty();
    }
}
