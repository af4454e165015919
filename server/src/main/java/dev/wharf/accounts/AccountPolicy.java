package dev.wharf.accounts;

import java.util.Objects;

/**
 * The account rules an administrator sets at run time.
 *
 * @param registration who may register through the web UI
 * @param require2faForPublishing whether managing trusted publishers or API tokens needs a user
 *     with two-factor authentication on (an administrator's choice; pypi.org requires 2FA for everyone)
 */
public record AccountPolicy(RegistrationPolicy registration, boolean require2faForPublishing) {
    /** What a fresh instance has: nobody registers, 2FA is recommended but not required. */
    public static final AccountPolicy DEFAULT = new AccountPolicy(RegistrationPolicy.CLOSED, false);

    public AccountPolicy {
        Objects.requireNonNull(registration, "registration");
    }
}
