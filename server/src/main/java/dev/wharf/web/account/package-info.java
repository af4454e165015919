/**
 * The account pages: register, log in (with the TOTP step), log out, change the password, and the
 * signed-in user's projects, API tokens, pending trusted publishers, two-factor settings and
 * security history. Server-rendered forms that work without JavaScript; every POST carries the
 * CSRF token checked by {@link dev.wharf.web.session.WebSessions} and answers with a redirect to a
 * page (POST-redirect-GET) except where a secret is shown once (a new token, recovery codes).
 */
package dev.wharf.web.account;
