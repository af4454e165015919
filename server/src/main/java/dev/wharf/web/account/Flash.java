package dev.wharf.web.account;

import java.util.Optional;

/**
 * The one-line confirmations shown after a POST-redirect-GET. The redirect carries only the
 * {@link #key}, never text, so nobody can make a page say something we did not write.
 */
enum Flash {
    REGISTERED("registered", "Welcome! Your account is ready."),
    LOGGED_IN("welcome", "You are logged in."),
    LOGGED_OUT("bye", "You are logged out."),
    PASSWORD_CHANGED("password", "Your password is changed; other sessions have been logged out."),
    TOKEN_REVOKED("revoked", "The token is revoked; it no longer works."),
    PENDING_ADDED("pending-added", "The pending publisher is registered."),
    PENDING_REMOVED("pending-removed", "The pending publisher is removed."),
    TWO_FACTOR_OFF("2fa-off", "Two-factor authentication is off.");

    final String key;
    final String text;

    Flash(String key, String text) {
        this.key = key;
        this.text = text;
    }

    static Optional<Flash> of(String key) {
        for (Flash flash : values()) {
            if (flash.key.equals(key)) {
                return Optional.of(flash);
            }
        }
        return Optional.empty();
    }
}
