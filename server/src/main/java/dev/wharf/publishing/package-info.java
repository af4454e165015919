/**
 * Trusted publishers: which CI identities may exchange their OpenID Connect ID token for an
 * upload token, for which projects ({@link dev.wharf.publishing.PublisherService}, stored by
 * {@link dev.wharf.publishing.PublisherRepository}); pending publishers that create their project
 * on first use; the choice, among the publishers a verified token's claims select, of the one they
 * belong to ({@link dev.wharf.publishing.PublisherMatcher}), following pypi.org's rules (warehouse
 * {@code oidc/models}) and improving on them where pypi.org has a known flaw (pending-publisher
 * squatting, GitLab case mismatch, non-string claims, commits on refusal); and the exchange itself
 * ({@link dev.wharf.publishing.MintService}), served over HTTP by {@link
 * dev.wharf.publishing.MintRoutes}, the one class here that knows about HTTP.
 *
 * <p>What each platform (GitHub Actions, GitLab CI, Google service accounts, ActiveState) registers
 * and how its claims are checked lives in {@code dev.wharf.publishing.providers}; the JWT itself is
 * verified in {@code dev.wharf.publishing.oidc}.
 */
package dev.wharf.publishing;
