/**
 * Trusted publishers: which CI identities (a GitHub Actions workflow, a GitLab CI pipeline, a
 * Google service account, an ActiveState builder) may exchange their OpenID Connect ID token for
 * an upload token, for which projects; pending publishers that create their project on first use;
 * and the claim-matching tables that decide whether a verified token's claims belong to a
 * registered publisher, following pypi.org's rules (warehouse {@code oidc/models}) and improving on
 * them where pypi.org has a known flaw (pending-publisher squatting, GitLab case mismatch,
 * non-string claims, commits on refusal). The JWT itself is verified elsewhere
 * ({@code dev.wharf.publishing.oidc}); nothing here knows about HTTP.
 */
package dev.wharf.publishing;
