/**
 * The catalogue (pypi.org's "packaging" domain): projects, roles, releases, files, yanking,
 * deletion with filename reservation, the serial journal, collaborators (a project never loses its
 * last owner, for the web pages and the CLI alike) and the security history, written by each change in
 * its own transaction and read back through {@link dev.wharf.projects.SecurityHistory}.
 */
package dev.wharf.projects;
