/**
 * The OpenID Connect half of Trusted Publishing: which issuers Wharf trusts ({@link
 * dev.wharf.publishing.oidc.IssuerRegistry}: the four built-in ones plus issuers an administrator
 * adds at other URLs), their signing keys ({@link dev.wharf.publishing.oidc.JwksCache}: discovery,
 * cached, refreshed only on an unknown {@code kid}), the verification of a CI job's ID token
 * ({@link dev.wharf.publishing.oidc.JwtVerifier}: RS256 only, the checks of pypi.org's
 * {@code jwt.decode} written out as a table) and one use per {@code jti} ({@link
 * dev.wharf.publishing.oidc.JtiRepository}, in the database so that it holds across nodes). What a
 * verified token may publish is decided by the claim matching in {@code dev.wharf.publishing};
 * refusals carry pypi.org's mint-token codes and descriptions ({@link
 * dev.wharf.publishing.oidc.MintRefusedException}, {@link dev.wharf.publishing.oidc.MintRefusal}).
 * Those are thrown both here (an unknown issuer, a malformed or invalid token) and by the exchange
 * in {@code dev.wharf.publishing}; they live in this package so that it never depends on
 * {@code dev.wharf.publishing}, which depends on it.
 */
package dev.wharf.publishing.oidc;
