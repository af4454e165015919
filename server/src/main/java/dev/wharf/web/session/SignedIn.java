package dev.wharf.web.session;

import dev.wharf.accounts.Session;
import dev.wharf.accounts.User;

/**
 * The person behind a request with a live session cookie.
 *
 * @param user whose session it is
 * @param session the session row (its raw id is the cookie value; never render it)
 * @param csrfToken the token every form of this session must carry in {@code csrf_token}
 * @param secondFactorDone false between the password and the two-factor step of a login; such a
 *     session is never returned by {@link WebSessions#current} or {@link WebSessions#require}
 */
public record SignedIn(User user, Session session, String csrfToken, boolean secondFactorDone) {
    @Override
    public String toString() {
        return "SignedIn[user=" + user.username() + ", secondFactorDone=" + secondFactorDone + "]";
    }
}
