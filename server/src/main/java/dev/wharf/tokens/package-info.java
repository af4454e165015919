/**
 * API tokens as pypi.org issues them: macaroons in the libmacaroons V2 binary format, base64url
 * without padding, prefixed {@code pypi-}, restricted by JSON first-party caveats (project scope,
 * expiry and not-before, the owning user). The database keeps only each token's identifier, its
 * root key and the caveats it was issued with, never the token itself, so tokens can be listed and
 * revoked but not recovered; {@link dev.wharf.tokens.TokenService} mints, authenticates, scopes,
 * lists and revokes them, and refuses anything else with a
 * {@link dev.wharf.tokens.TokenRefusedException} whose message never repeats the token.
 */
package dev.wharf.tokens;
