package dev.wharf.publishing;

import dev.wharf.publishing.providers.PublisherIdentity;
import java.time.Instant;

/** A trusted publisher as stored; {@code id} is what minted tokens and project links refer to. */
public record StoredPublisher(long id, PublisherIdentity identity, Instant createdAt) {
    public PublisherKind kind() {
        return identity.kind();
    }
}
