package dev.wharf.publishing.providers;

import static dev.wharf.publishing.providers.RegistrationFields.bounded;
import static dev.wharf.publishing.providers.RegistrationFields.fold;
import static dev.wharf.publishing.providers.RegistrationFields.required;

import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.PublisherRegistrationException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A GitLab CI/CD pipeline (warehouse {@code oidc/models/gitlab.py}), on gitlab.com or on a
 * self-managed instance an administrator added as an issuer.
 *
 * @param namespace        user or group path, with {@code /} between subgroups
 * @param project          project path within the namespace
 * @param workflowFilepath CI configuration file, relative to the repository root, e.g. {@code .gitlab-ci.yml}
 * @param environment      GitLab environment, as typed and compared exactly; {@code ""} accepts any
 */
public record GitLabIdentity(
        String issuerUrl, String namespace, String project, String workflowFilepath, String environment)
        implements PublisherIdentity {
    public static final String DEFAULT_ISSUER = PublisherKind.GITLAB.canonicalIssuer();

    // pypi.org forms/gitlab.py.
    private static final Pattern NAMESPACE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-_./+]*[a-zA-Z0-9]");
    private static final Pattern PROJECT = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*[a-zA-Z0-9]");
    private static final Pattern CONSECUTIVE_SPECIALS = Pattern.compile("[._-]{2}");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-zA-Z0-9\\-_/${} ]+");

    public GitLabIdentity {
        Identities.requireNonNull(
                "issuerUrl",
                issuerUrl,
                "namespace",
                namespace,
                "project",
                project,
                "workflowFilepath",
                workflowFilepath,
                "environment",
                environment);
    }

    /** A publisher for gitlab.com. */
    public static GitLabIdentity validated(
            String namespace, String project, String workflowFilepath, String environment) {
        return validated(DEFAULT_ISSUER, namespace, project, workflowFilepath, environment);
    }

    /**
     * Applies pypi.org's registration rules (forms/gitlab.py): GitLab's path rules for namespace
     * and project (no two consecutive {@code ._-}, no {@code .git}/{@code .atom} suffix), a
     * {@code .yml}/{@code .yaml} file path not starting or ending with {@code /}, and an optional
     * environment stored as typed.
     */
    public static GitLabIdentity validated(
            String issuerUrl, String namespace, String project, String workflowFilepath, String environment) {
        String ns = path(required(namespace, "GitLab namespace").strip(), NAMESPACE, "namespace");
        String proj = path(required(project, "GitLab project").strip(), PROJECT, "project name");
        String workflow = bounded(
                required(workflowFilepath, "Top-level pipeline file path").strip(), "Top-level pipeline file path");
        if (!RegistrationFields.isWorkflowFile(workflow)) {
            throw new PublisherRegistrationException("Top-level pipeline file path must end with .yml or .yaml");
        }
        if (workflow.startsWith("/") || workflow.endsWith("/")) {
            throw new PublisherRegistrationException("Top-level pipeline file path cannot start or end with /");
        }
        return new GitLabIdentity(RegistrationFields.issuer(issuerUrl), ns, proj, workflow, environment(environment));
    }

    private static String path(String value, Pattern shape, String label) {
        bounded(value, "GitLab " + label);
        String lower = value.toLowerCase(Locale.ROOT);
        if (!shape.matcher(value).matches()
                || CONSECUTIVE_SPECIALS.matcher(value).find()
                || lower.endsWith(".git")
                || lower.endsWith(".atom")) {
            throw new PublisherRegistrationException("Invalid GitLab " + label + " '" + value + "': it must start and "
                    + "end with a letter or digit, may not contain two of '.', '_', '-' in a row, and may not end "
                    + "in .git or .atom.");
        }
        return value;
    }

    private static String environment(String raw) {
        if (raw == null || raw.isBlank()) {
            return ""; // pypi.org: a whitespace-only environment means "any"
        }
        bounded(raw, "Environment name");
        if (!ENVIRONMENT.matcher(raw).matches()) {
            throw new PublisherRegistrationException(
                    "Environment name may contain only letters, digits, spaces and " + "the characters - _ / $ { }");
        }
        return raw;
    }

    @Override
    public PublisherKind kind() {
        return PublisherKind.GITLAB;
    }

    /** {@code namespace/project}, as registered. */
    public String projectPath() {
        return namespace + "/" + project;
    }

    @Override
    public String displayName() {
        return Identities.workflowDisplayName(projectPath(), workflowFilepath, environment, issuerUrl, DEFAULT_ISSUER);
    }

    /** pypi.org: {@code <issuer>/<namespace>/<project>[/commit/<sha>]}. */
    @Override
    public Optional<String> url(Optional<String> sha) {
        return Identities.atCommit(issuerUrl + "/" + projectPath(), sha);
    }

    /** Namespace and project fold case, as GitLab paths and pypi.org's lookup do; the environment does not. */
    @Override
    public String identityKey() {
        return RegistrationFields.key(
                kind().label(), issuerUrl, fold(namespace), fold(project), workflowFilepath, environment);
    }
}
