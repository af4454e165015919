package dev.wharf.publishing;

import dev.wharf.publishing.providers.ActiveStateIdentity;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.publishing.providers.GitLabIdentity;
import dev.wharf.publishing.providers.GoogleIdentity;
import dev.wharf.publishing.providers.PublisherIdentity;
import dev.wharf.publishing.providers.RegistrationFields;

/**
 * The identity columns a token's claims select candidate publishers by (pypi.org's
 * {@code lookup_by_claims}), before any check runs. Columns that only narrow the choice
 * (environment, Google {@code sub}) and the GitHub owner id are not part of the key: they are
 * checked on the candidates, so a refusal can say which of them differed.
 */
public sealed interface LookupKey {

    PublisherKind kind();

    /** The stored {@code lookup_key}: the key's columns, case folded where the lookup ignores case. */
    String value();

    /** The key under which {@code identity} is stored, so the claims' key finds it. */
    static LookupKey of(PublisherIdentity identity) {
        return switch (identity) {
            case GitHubIdentity g -> new GitHubKey(g.owner(), g.repository(), g.workflowFilename());
            case GitLabIdentity g -> new GitLabKey(g.namespace(), g.project(), g.workflowFilepath());
            case GoogleIdentity g -> new GoogleKey(g.email());
            case ActiveStateIdentity a -> new ActiveStateKey(a.organization(), a.project(), a.actorId());
        };
    }

    /** Owner and repository match case-insensitively, the workflow file name exactly. */
    record GitHubKey(String owner, String repository, String workflowFilename) implements LookupKey {
        @Override
        public PublisherKind kind() {
            return PublisherKind.GITHUB;
        }

        @Override
        public String value() {
            return RegistrationFields.key(
                    RegistrationFields.fold(owner), RegistrationFields.fold(repository), workflowFilename);
        }
    }

    /** Namespace and project match case-insensitively (as pypi.org), the file path exactly. */
    record GitLabKey(String namespace, String project, String workflowFilepath) implements LookupKey {
        @Override
        public PublisherKind kind() {
            return PublisherKind.GITLAB;
        }

        @Override
        public String value() {
            return RegistrationFields.key(
                    RegistrationFields.fold(namespace), RegistrationFields.fold(project), workflowFilepath);
        }
    }

    /** The email, exactly. */
    record GoogleKey(String email) implements LookupKey {
        @Override
        public PublisherKind kind() {
            return PublisherKind.GOOGLE;
        }

        @Override
        public String value() {
            return email;
        }
    }

    /** Organization, project and actor id, exactly. */
    record ActiveStateKey(String organization, String project, String actorId) implements LookupKey {
        @Override
        public PublisherKind kind() {
            return PublisherKind.ACTIVESTATE;
        }

        @Override
        public String value() {
            return RegistrationFields.key(organization, project, actorId);
        }
    }
}
