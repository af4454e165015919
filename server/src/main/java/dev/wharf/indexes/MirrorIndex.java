package dev.wharf.indexes;

import dev.wharf.distributions.ProjectName;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A caching view of an upstream simple index (PEP 503 HTML or PEP 691 JSON).
 *
 * @param upstream       the upstream's simple URL, ending in {@code /} (project pages are
 *                       {@code upstream + name + "/"})
 * @param ttl            how long a fetched page is served before it is revalidated
 * @param minAge         the cooldown: upstream files younger than this (by their upload-time) are
 *                       hidden; empty for none
 * @param cooldownExempt normalized project names the cooldown does not apply to
 * @param username       the user name for a private upstream (HTTP Basic), if any
 * @param passwordEnv    the environment variable of the server that holds that password: the
 *                       secret stays in the deployment's secret store and never enters the database
 */
public record MirrorIndex(
        IndexName name,
        URI upstream,
        Duration ttl,
        Optional<Duration> minAge,
        Set<String> cooldownExempt,
        Optional<String> username,
        Optional<String> passwordEnv)
        implements IndexDefinition {
    public static final URI PYPI = URI.create("https://pypi.org/simple/");
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Duration MAX_AGE = Duration.ofDays(365);

    public MirrorIndex {
        if (name.isHosted()) {
            throw IndexException.badRequest("\"hosted\" names the hosted projects; choose another name");
        }
        upstream = checkedUpstream(upstream);
        if (ttl.isNegative() || ttl.compareTo(MAX_AGE) > 0) {
            throw IndexException.badRequest("The TTL must be between 0s and 365d");
        }
        if (minAge.isPresent() && (minAge.get().isNegative() || minAge.get().compareTo(MAX_AGE) > 0)) {
            throw IndexException.badRequest("The minimum age must be between 0s and 365d");
        }
        minAge = minAge.filter(age -> !age.isZero());
        TreeSet<String> exempt = new TreeSet<>();
        for (String project : cooldownExempt) {
            if (!ProjectName.isValid(project)) {
                throw IndexException.badRequest("\"" + project + "\" is not a valid project name");
            }
            exempt.add(ProjectName.normalize(project));
        }
        cooldownExempt = Set.copyOf(exempt);
        if (username.isPresent() != passwordEnv.isPresent()) {
            throw IndexException.badRequest(
                    "Credentials for an upstream need both a user name and the environment variable holding the "
                            + "password");
        }
        if (username.isPresent()
                && (username.get().isBlank()
                        || username.get().length() > 256
                        || username.get().contains(":")
                        || username.get().chars().anyMatch(Character::isISOControl))) {
            throw IndexException.badRequest("The upstream user name must be 1 to 256 characters without ':'");
        }
        if (passwordEnv.isPresent() && !ENV_NAME.matcher(passwordEnv.get()).matches()) {
            throw IndexException.badRequest(
                    "\"" + passwordEnv.get() + "\" is not an environment variable name (letters, digits, _)");
        }
    }

    @Override
    public String kind() {
        return "mirror";
    }

    /** The URL of a project's page upstream. */
    public URI projectUrl(String normalizedName) {
        return upstream.resolve(normalizedName + "/");
    }

    /** Whether the cooldown hides a file uploaded at {@code uploaded} (unknown times are hidden). */
    public boolean coolingDown(String normalizedProject, Optional<Instant> uploaded, Instant now) {
        if (minAge.isEmpty() || cooldownExempt.contains(normalizedProject)) {
            return false;
        }
        return uploaded.isEmpty() || uploaded.get().isAfter(now.minus(minAge.get()));
    }

    private static URI checkedUpstream(URI given) {
        String scheme = given.getScheme() == null ? "" : given.getScheme().toLowerCase(Locale.ROOT);
        if (!given.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || given.getHost() == null) {
            throw IndexException.badRequest(
                    "The upstream must be an http(s) URL of a simple index, e.g. https://pypi.org/simple/; got "
                            + given);
        }
        if (given.getRawUserInfo() != null) {
            throw IndexException.badRequest("Give upstream credentials with --username and --password-env, not in "
                    + "the URL (a URL ends up in logs and listings)");
        }
        if (given.getRawQuery() != null || given.getRawFragment() != null) {
            throw IndexException.badRequest("The upstream URL must not have a query or a fragment");
        }
        String path = given.getRawPath() == null || given.getRawPath().isEmpty() ? "/" : given.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        try {
            return new URI(scheme + "://" + given.getRawAuthority() + path);
        } catch (URISyntaxException e) {
            throw IndexException.badRequest("The upstream URL is not valid: " + e.getMessage());
        }
    }
}
