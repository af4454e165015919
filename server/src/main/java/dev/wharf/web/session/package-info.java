/**
 * Browser sessions for the web UI: reads the {@code wharf_session} cookie into a {@link SignedIn}
 * for each page request, refuses every state-changing form without the right CSRF token, and gives
 * handlers {@link WebSessions#current}, {@link WebSessions#require} and {@link WebSessions#csrf}.
 * Package index, upload and Trusted Publishing paths are left alone: they authenticate with tokens,
 * never with cookies.
 */
package dev.wharf.web.session;
