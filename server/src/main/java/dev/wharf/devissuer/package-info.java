/**
 * A development OpenID Connect issuer that imitates GitHub Actions' token service (discovery, JWKS,
 * the ID-token request endpoint), so Trusted Publishing can be tried and tested on one machine.
 * Servers never trust it unless an administrator registers it.
 */
package dev.wharf.devissuer;
