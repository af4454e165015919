/**
 * Compatibility tests with real third-party clients: Debian's {@code twine}, {@code pip},
 * {@code python3 -m build}, {@code poetry} and {@code pdm} publish to and install from a real
 * Wharf started by {@link dev.wharf.testing.TestWharf}. Each client runs as a child process on
 * Debian's {@code /usr/bin/python3}, with a scrubbed environment, a private home directory and a
 * timeout, and only ever talks to the Wharf under test (there is no network in CI). Trusted
 * Publishing is exercised the same way: a {@link dev.wharf.devissuer.DevIssuer} stands in for
 * GitHub Actions' token service, {@code wharf publish} runs as a child JVM with CI variables in
 * its environment, and the official action's exchange is replayed over HTTPS with a test CA.
 */
package dev.wharf.clients;
