package dev.wharf.devissuer;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the development issuer puts into its tokens: the GitHub repository, workflow file, ref and
 * optional environment a real GitHub Actions job would carry.
 */
public record DevIssuerSettings(
        String owner,
        String ownerId,
        String repository,
        String workflow,
        String ref,
        Optional<String> environment,
        String eventName,
        Duration lifetime) {
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern WORKFLOW = Pattern.compile("[^/]{1,200}\\.ya?ml");

    public DevIssuerSettings {
        if (!OWNER.matcher(owner).matches() || !REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("--repository must be OWNER/REPO, e.g. octo-org/octo-repo");
        }
        if (!ownerId.matches("[0-9]{1,20}")) {
            throw new IllegalArgumentException("--owner-id must be digits (GitHub's numeric account id)");
        }
        if (!WORKFLOW.matcher(workflow).matches()) {
            throw new IllegalArgumentException("--workflow must be a file name ending in .yml or .yaml, without '/'");
        }
        if (!ref.startsWith("refs/")) {
            throw new IllegalArgumentException("--ref must be a full ref such as refs/heads/main or refs/tags/v1.0");
        }
    }

    /** {@code owner/repository}, GitHub's {@code repository} claim. */
    public String fullRepository() {
        return owner + "/" + repository;
    }
}
