package dev.wharf.accounts;

import java.util.Optional;

/**
 * Who may create an account through the web UI. Administrators always can, with
 * {@code ./wharf admin user create}; the first administrator is made that way.
 *
 * <p>The {@link #stored() stored} names are a format (the {@code settings} table): never rename.
 */
public enum RegistrationPolicy {
    /** Anyone who can reach the index may register. */
    OPEN("open"),
    /** Registration needs an unused, unexpired invitation code from an administrator. */
    INVITE_ONLY("invite-only"),
    /** Nobody registers; administrators create accounts. The default. */
    CLOSED("closed");

    private final String stored;

    RegistrationPolicy(String stored) {
        this.stored = stored;
    }

    /** The value kept in the database and shown in configuration. */
    public String stored() {
        return stored;
    }

    public static Optional<RegistrationPolicy> fromStored(String value) {
        for (RegistrationPolicy policy : values()) {
            if (policy.stored.equals(value)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
