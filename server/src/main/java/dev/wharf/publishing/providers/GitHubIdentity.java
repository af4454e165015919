package dev.wharf.publishing.providers;

import static dev.wharf.publishing.providers.RegistrationFields.bounded;
import static dev.wharf.publishing.providers.RegistrationFields.fold;
import static dev.wharf.publishing.providers.RegistrationFields.required;

import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.PublisherRegistrationException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A GitHub Actions workflow (warehouse {@code oidc/models/github.py}).
 *
 * @param owner            user or organization, as registered
 * @param ownerId          GitHub's numeric id of the owner, a string of digits. pypi.org asks the
 *                         GitHub API for it; Wharf works offline, so the person registering gives
 *                         it: {@code https://api.github.com/users/<owner>} answers it as {@code id}.
 *                         Checked against {@code repository_owner_id}, so a deleted account's name
 *                         taken by someone else never matches (account resurrection).
 * @param repository       repository name without the owner
 * @param workflowFilename file name under {@code .github/workflows/}, e.g. {@code release.yml}
 * @param environment      GitHub deployment environment, lower-cased; {@code ""} accepts any
 * @param issuerUrl        {@code https://token.actions.githubusercontent.com}, or the issuer of a
 *                         GitHub Enterprise Server an administrator added
 */
public record GitHubIdentity(
        String owner, String ownerId, String repository, String workflowFilename, String environment, String issuerUrl)
        implements PublisherIdentity {
    public static final String DEFAULT_ISSUER = PublisherKind.GITHUB.canonicalIssuer();

    /** GitHub's login rule; 39 characters is GitHub's own limit. */
    private static final Pattern OWNER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-]{0,38}");

    private static final Pattern OWNER_ID = Pattern.compile("[0-9]{1,20}");
    private static final Pattern REPOSITORY = Pattern.compile("[a-zA-Z0-9-_.]{1,100}");
    /** pypi.org forms/github.py: control characters and these quote/separator characters are refused. */
    private static final Pattern ENVIRONMENT_FORBIDDEN = Pattern.compile("[\\x00-\\x1F\\x7F'\"`,;\\\\]");

    public GitHubIdentity {
        Identities.requireNonNull(
                "owner",
                owner,
                "ownerId",
                ownerId,
                "repository",
                repository,
                "workflowFilename",
                workflowFilename,
                "environment",
                environment,
                "issuerUrl",
                issuerUrl);
    }

    /** A publisher for github.com. */
    public static GitHubIdentity validated(
            String owner, String ownerId, String repository, String workflowFilename, String environment) {
        return validated(owner, ownerId, repository, workflowFilename, environment, DEFAULT_ISSUER);
    }

    /**
     * Applies pypi.org's registration rules (forms/github.py): owner and repository shapes, a
     * workflow file name ending {@code .yml}/{@code .yaml} without directories, an optional
     * environment of at most 255 characters without surrounding spaces, control or quote
     * characters, stored lower-cased. Adds the owner id rule (digits), which pypi.org fills in
     * itself from the GitHub API.
     */
    public static GitHubIdentity validated(
            String owner,
            String ownerId,
            String repository,
            String workflowFilename,
            String environment,
            String issuerUrl) {
        String o = required(owner, "GitHub owner").strip();
        if (!OWNER.matcher(o).matches()) {
            throw new PublisherRegistrationException(
                    "Invalid GitHub owner '" + bounded(o, "GitHub owner")
                            + "': a GitHub user or organization name has letters, digits and '-', and does not start with '-'.");
        }
        String id = required(ownerId, "GitHub owner ID (find it as \"id\" in https://api.github.com/users/" + o + ")")
                .strip();
        if (!OWNER_ID.matcher(id).matches()) {
            throw new PublisherRegistrationException("The GitHub owner ID must be a number: find it as \"id\" in "
                    + "https://api.github.com/users/" + o + ".");
        }
        String repo = required(repository, "Repository name").strip();
        if (!REPOSITORY.matcher(repo).matches()) {
            throw new PublisherRegistrationException("Invalid repository name '" + bounded(repo, "Repository name")
                    + "': use the name without the owner (letters, digits, '-', '_' and '.').");
        }
        String workflow = bounded(required(workflowFilename, "Workflow name").strip(), "Workflow name");
        if (!RegistrationFields.isWorkflowFile(workflow)) {
            throw new PublisherRegistrationException("Workflow name must end with .yml or .yaml");
        }
        if (workflow.contains("/")) {
            throw new PublisherRegistrationException("Workflow filename must be a filename only, without directories");
        }
        return new GitHubIdentity(
                o, id, repo, workflow, environment(environment), RegistrationFields.issuer(issuerUrl));
    }

    private static String environment(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        if (raw.length() > RegistrationFields.MAX_LENGTH) {
            throw new PublisherRegistrationException("Environment name is too long (maximum is 255 characters)");
        }
        if (Character.isWhitespace(raw.charAt(0))) {
            throw new PublisherRegistrationException("Environment name may not start with whitespace");
        }
        if (Character.isWhitespace(raw.charAt(raw.length() - 1))) {
            throw new PublisherRegistrationException("Environment name may not end with whitespace");
        }
        if (ENVIRONMENT_FORBIDDEN.matcher(raw).find()) {
            throw new PublisherRegistrationException("Environment name must not contain non-printable characters or "
                    + "the characters ', \", `, ',', ';' or \\");
        }
        // Stored lower-cased; the environment claim is compared lower-cased (as on pypi.org).
        return raw.toLowerCase(Locale.ROOT);
    }

    @Override
    public PublisherKind kind() {
        return PublisherKind.GITHUB;
    }

    /** {@code owner/repository}, as registered. */
    public String repositoryPath() {
        return owner + "/" + repository;
    }

    @Override
    public String displayName() {
        return Identities.workflowDisplayName(
                repositoryPath(), workflowFilename, environment, issuerUrl, DEFAULT_ISSUER);
    }

    /**
     * {@code https://github.com/owner/repo[/commit/<sha>]}; for GitHub Enterprise the web server is
     * the issuer's scheme, host and port (GHES issues tokens from {@code https://<host>/_services/token}).
     */
    @Override
    public Optional<String> url(Optional<String> sha) {
        URI issuer = URI.create(issuerUrl);
        String base = issuerUrl.equals(DEFAULT_ISSUER)
                ? "https://github.com"
                : issuer.getScheme() + "://" + issuer.getRawAuthority();
        return Identities.atCommit(base + "/" + repositoryPath(), sha);
    }

    /**
     * Owner and repository fold case (GitHub treats them case-insensitively and the owner id pins
     * the account); the owner id is part of the key, unlike pypi.org's, so re-registering a
     * resurrected name creates a new row instead of reusing the old account's id.
     */
    @Override
    public String identityKey() {
        return RegistrationFields.key(
                kind().label(), issuerUrl, fold(owner), ownerId, fold(repository), workflowFilename, environment);
    }
}
