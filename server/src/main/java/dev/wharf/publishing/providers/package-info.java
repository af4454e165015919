/**
 * The trusted-publisher platforms, one pair of classes per platform, following warehouse's
 * {@code oidc/models} (one module per platform there): an <em>Identity</em>, what a project owner
 * registers ({@link dev.wharf.publishing.providers.GitHubIdentity}, {@link
 * dev.wharf.publishing.providers.GitLabIdentity}, {@link dev.wharf.publishing.providers.GoogleIdentity},
 * {@link dev.wharf.publishing.providers.ActiveStateIdentity}), validated by pypi.org's registration
 * rules ({@code oidc/forms}); and a <em>Claims</em> check, how a verified token's claims are
 * matched against it ({@link dev.wharf.publishing.providers.GitHubClaims}, {@link
 * dev.wharf.publishing.providers.GitLabClaims}, {@link dev.wharf.publishing.providers.GoogleClaims},
 * {@link dev.wharf.publishing.providers.ActiveStateClaims}), including the lookup key the claims
 * select candidates by.
 *
 * <p>Next to them, what they share: the sealed interfaces each pair implements ({@link
 * dev.wharf.publishing.providers.PublisherIdentity}, {@link
 * dev.wharf.publishing.providers.ClaimCheck}; sealed, so they live in the same package as the
 * platforms they list), the claim table framework ({@code ClaimTable}, warehouse
 * {@code oidc/models/_core.py}, with the rules several platforms use) and the base class that runs
 * a table for one identity type ({@code TableClaimCheck}), the identities' common pieces
 * ({@code Identities}) and the registration-time field checks ({@link
 * dev.wharf.publishing.providers.RegistrationFields}). Storing publishers, choosing among
 * candidates and exchanging tokens stay in {@code dev.wharf.publishing}; nothing here knows about
 * HTTP or the database.
 */
package dev.wharf.publishing.providers;
