package dev.wharf.publishing;

/**
 * The identity columns a token's claims select candidate publishers by (reference §3 "Lookup"),
 * before any check runs. Columns that only narrow the choice (environment, Google {@code sub})
 * and the GitHub owner id are not part of the key: they are checked on the candidates, so a
 * refusal can say which of them differed.
 */
public sealed interface LookupKey {

    PublisherKind kind();

    /** Owner and repository match case-insensitively, the workflow file name exactly. */
    record GitHubKey(String owner, String repository, String workflowFilename) implements LookupKey {
        @Override
        public PublisherKind kind() {
            return PublisherKind.GITHUB;
        }
    }

    /** Namespace and project match case-insensitively (as pypi.org), the file path exactly. */
    record GitLabKey(String namespace, String project, String workflowFilepath) implements LookupKey {
        @Override
        public PublisherKind kind() {
            return PublisherKind.GITLAB;
        }
    }

    /** The email, exactly. */
    record GoogleKey(String email) implements LookupKey {
        @Override
        public PublisherKind kind() {
            return PublisherKind.GOOGLE;
        }
    }

    /** Organization, project and actor id, exactly. */
    record ActiveStateKey(String organization, String project, String actorId) implements LookupKey {
        @Override
        public PublisherKind kind() {
            return PublisherKind.ACTIVESTATE;
        }
    }
}
