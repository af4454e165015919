package dev.wharf.web.account;

import dev.wharf.projects.SecurityHistory;
import java.util.Map;

/**
 * Writes the account's own security history (logins, password and two-factor changes, tokens) to
 * the event log, so {@code /account/history} shows them next to project events. Details never hold
 * secrets: token ids, never tokens; never passwords or codes.
 */
final class AccountEvents {
    // Event kinds are a format read back by the history page: add kinds, never rename one.
    static final String LOGIN = "account:login";
    static final String LOGIN_FAILED = "account:login-failed";
    static final String LOGOUT = "account:logout";
    static final String PASSWORD_CHANGED = "account:password-changed";
    static final String TWO_FACTOR_ON = "account:two-factor-enabled";
    static final String TWO_FACTOR_OFF = "account:two-factor-disabled";
    static final String TOKEN_CREATED = "account:api-token-added";
    static final String TOKEN_REVOKED = "account:api-token-removed";

    private final SecurityHistory history;

    AccountEvents(SecurityHistory history) {
        this.history = history;
    }

    void record(long userId, String kind, Map<String, ?> detail) {
        history.recordForUser(userId, kind, detail);
    }
}
