/**
 * The CI side of Trusted Publishing ({@code wharf publish}): find the ambient OpenID Connect token
 * (GitHub Actions, GitLab CI, or a file), ask the index for its audience, exchange the token for a
 * short-lived upload token, and upload distributions with the form fields twine sends.
 */
package dev.wharf.publish;
