/**
 * The catalogue (pypi.org's "packaging" domain): projects, roles, releases, files, yanking,
 * deletion with filename reservation, the serial journal and the security event log.
 */
package dev.wharf.projects;
