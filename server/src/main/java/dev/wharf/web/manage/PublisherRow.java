package dev.wharf.web.manage;

import dev.wharf.publishing.StoredPublisher;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.publishing.providers.GitLabIdentity;

/** A trusted publisher as the publishing page lists it; {@code environment} is "(any)" when unrestricted. */
public record PublisherRow(long id, String kind, String identity, String environment, String issuer) {
    static PublisherRow of(StoredPublisher publisher) {
        String environment = switch (publisher.identity()) {
            case GitHubIdentity github -> github.environment();
            case GitLabIdentity gitlab -> gitlab.environment();
            default -> "";
        };
        return new PublisherRow(
                publisher.id(),
                publisher.kind().displayName(),
                publisher.identity().displayName(),
                environment.isEmpty() ? "(any)" : environment,
                publisher.identity().issuerUrl());
    }
}
