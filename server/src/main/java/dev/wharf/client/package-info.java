/**
 * The command-line client that uploads from CI ({@code wharf publish}), the CI side of Trusted
 * Publishing: find the ambient OpenID Connect token (GitHub Actions, GitLab CI, or a file), ask the
 * index for its audience, exchange the token for a short-lived upload token, and upload
 * distributions with the form fields twine sends, optionally trusting an internal CA. It talks to
 * an index over HTTP as any client would; nothing here runs inside the server.
 */
package dev.wharf.client;
