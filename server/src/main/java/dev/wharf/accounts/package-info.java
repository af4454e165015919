/**
 * Accounts for the web UI: users and their Argon2id password hashes ({@link dev.wharf.accounts.UserService}),
 * registration under an administrator's {@link dev.wharf.accounts.AccountPolicy} with optional
 * invitation codes, browser sessions with CSRF tokens ({@link dev.wharf.accounts.SessionService}),
 * failed-login limits ({@link dev.wharf.accounts.LoginThrottle}) and TOTP two-factor
 * authentication with recovery codes ({@link dev.wharf.accounts.TwoFactorService}). Domain code
 * only: the web layer turns cookies and forms into calls here. Every secret handed out (session
 * id, invitation, recovery code) is random, shown once and stored only as a hash; none reaches a
 * message or a log.
 */
package dev.wharf.accounts;
