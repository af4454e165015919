package dev.wharf.publishing.providers;

import dev.wharf.publishing.PublisherRegistrationException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Shared registration-time checks; each raises {@link PublisherRegistrationException} with a message for a person. */
public final class RegistrationFields {
    /** Our bound on every stored field; pypi.org's own column limits are of the same order. */
    static final int MAX_LENGTH = 255;
    /** Separates the parts of an identity key; no validated field may contain it. */
    static final String KEY_SEPARATOR = "\u001f";

    private static final Pattern LOCAL_HTTP = Pattern.compile("http://(127\\.0\\.0\\.1|localhost)(:[0-9]{1,5})?");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F]");

    private RegistrationFields() {}

    static String required(String value, String label) {
        if (value == null || value.isBlank()) {
            throw new PublisherRegistrationException(label + " is required.");
        }
        return value;
    }

    static String bounded(String value, String label) {
        if (value.length() > MAX_LENGTH) {
            throw new PublisherRegistrationException(
                    label + " is too long (maximum is " + MAX_LENGTH + " characters).");
        }
        if (CONTROL.matcher(value).find()) {
            throw new PublisherRegistrationException(label + " must not contain control characters.");
        }
        return value;
    }

    /**
     * An issuer URL: {@code https://}, no trailing slash (the JWT {@code iss} is compared
     * exactly, and issuers publish it without one).
     */
    static String issuer(String issuerUrl) {
        String url = bounded(required(issuerUrl, "Issuer URL"), "Issuer URL");
        // The development issuer runs on plain http on this machine. Naming it here trusts nothing:
        // its tokens are accepted only if the issuer registry admits insecure local issuers.
        if (LOCAL_HTTP.matcher(url).matches()) {
            return url;
        }
        if (!url.startsWith("https://")
                || url.length() == "https://".length()
                || url.endsWith("/")
                || url.chars().anyMatch(Character::isWhitespace)) {
            throw new PublisherRegistrationException(
                    "Issuer URL must start with https:// and must not end with '/': " + url);
        }
        return url;
    }

    /** pypi.org's forms compare the suffix as typed: {@code release.YML} is refused. */
    static boolean isWorkflowFile(String name) {
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    public static String key(String... parts) {
        return String.join(KEY_SEPARATOR, parts);
    }

    /** ASCII lower case, the fold used for names that GitHub and GitLab compare case-insensitively. */
    public static String fold(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
