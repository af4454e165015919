package dev.wharf.publishing.providers;

import static dev.wharf.publishing.providers.RegistrationFields.bounded;
import static dev.wharf.publishing.providers.RegistrationFields.required;

import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.PublisherRegistrationException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Google Cloud service account (warehouse {@code oidc/models/google.py}).
 *
 * @param email the service account's email, compared exactly
 * @param sub   the account's unique id; {@code ""} accepts any. Pinning it protects against a
 *              deleted account's email being re-created by someone else, which the email alone
 *              cannot.
 */
public record GoogleIdentity(String email, String sub) implements PublisherIdentity {
    /** A deliberately plain address shape: one {@code @}, something on both sides, no spaces. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public GoogleIdentity {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(sub, "sub");
    }

    public static GoogleIdentity validated(String email, String sub) {
        String address = bounded(required(email, "Email").strip(), "Email");
        if (!EMAIL.matcher(address).matches()) {
            throw new PublisherRegistrationException("Invalid email address '" + address + "'.");
        }
        String subject = sub == null ? "" : bounded(sub.strip(), "Subject");
        return new GoogleIdentity(address, subject);
    }

    @Override
    public PublisherKind kind() {
        return PublisherKind.GOOGLE;
    }

    @Override
    public String displayName() {
        return sub.isEmpty() ? email : email + ", subject " + sub;
    }

    /** Google publishers have no page (pypi.org's {@code publisher_url} is None). */
    @Override
    public Optional<String> url(Optional<String> sha) {
        return Optional.empty();
    }

    @Override
    public String identityKey() {
        return RegistrationFields.key(kind().label(), issuerUrl(), email, sub);
    }
}
