/**
 * Accounts: users, their Argon2id password hashes and admin flag. The web login, sessions and
 * two-factor authentication build on this package.
 */
package dev.wharf.accounts;
