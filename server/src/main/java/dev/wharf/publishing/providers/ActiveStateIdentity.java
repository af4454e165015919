package dev.wharf.publishing.providers;

import static dev.wharf.publishing.providers.RegistrationFields.bounded;
import static dev.wharf.publishing.providers.RegistrationFields.required;

import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.PublisherRegistrationException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An ActiveState Platform builder (warehouse {@code oidc/models/activestate.py}).
 *
 * @param organization ActiveState organization
 * @param project      ActiveState project name
 * @param actor        the ActiveState user allowed to publish, for display
 * @param actorId      that user's id, which is what is checked. pypi.org resolves it through the
 *                     ActiveState API; Wharf works offline, so the person registering gives it.
 */
public record ActiveStateIdentity(String organization, String project, String actor, String actorId)
        implements PublisherIdentity {
    public static final String PLATFORM = "https://platform.activestate.com";

    // pypi.org forms/activestate.py: 3-40 of [.a-zA-Z0-9-], no "--", no leading or trailing "-".
    private static final Pattern PROJECT = Pattern.compile("[.a-zA-Z0-9-]{3,40}");
    /** Organization and ids go into the colon-separated {@code sub}; a colon or space would make it ambiguous. */
    private static final Pattern NAME = Pattern.compile("[^:\\s/]+");

    public ActiveStateIdentity {
        Identities.requireNonNull("organization", organization, "project", project, "actor", actor, "actorId", actorId);
    }

    public static ActiveStateIdentity validated(String organization, String project, String actor, String actorId) {
        String org = name(organization, "ActiveState organization");
        String proj = bounded(required(project, "ActiveState project name").strip(), "ActiveState project name");
        if (!PROJECT.matcher(proj).matches() || proj.contains("--") || proj.startsWith("-") || proj.endsWith("-")) {
            throw new PublisherRegistrationException("Invalid ActiveState project name '" + proj + "': 3 to 40 "
                    + "letters, digits, '.' and '-', without '--' and not starting or ending with '-'.");
        }
        return new ActiveStateIdentity(
                org, proj, name(actor, "ActiveState actor"), name(actorId, "ActiveState actor ID"));
    }

    private static String name(String raw, String label) {
        String value = bounded(required(raw, label).strip(), label);
        if (!NAME.matcher(value).matches()) {
            throw new PublisherRegistrationException(label + " must not contain ':', '/' or spaces.");
        }
        return value;
    }

    @Override
    public PublisherKind kind() {
        return PublisherKind.ACTIVESTATE;
    }

    @Override
    public String displayName() {
        return organization + "/" + project + ", actor " + actor;
    }

    /** pypi.org: {@code https://platform.activestate.com/<organization>/<project>}, without a commit. */
    @Override
    public Optional<String> url(Optional<String> sha) {
        return Optional.of(PLATFORM + "/" + organization + "/" + project);
    }

    /** pypi.org's unique key: organization, project and actor id (the actor's name is display only). */
    @Override
    public String identityKey() {
        return RegistrationFields.key(kind().label(), issuerUrl(), organization, project, actorId);
    }
}
