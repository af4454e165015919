/**
 * The command line (picocli): {@code serve}, and {@code admin} commands that call the same services
 * as the HTTP server. Output meant for scripts (a token) goes to stdout alone; messages go to stderr.
 */
package dev.wharf.cli;
