/**
 * pypi.org's legacy JSON API, {@code /pypi/<project>/json} and {@code /pypi/<project>/<version>/json},
 * for mirrors, Dependabot/Renovate and people.
 */
package dev.wharf.index.json;
