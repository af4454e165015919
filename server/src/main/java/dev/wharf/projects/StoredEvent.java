package dev.wharf.projects;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of the security history as stored: when, what (the event kind, e.g.
 * {@code project:release:yanked}), on which project, by whom, with which token, and its details as
 * JSON. Project and actor are empty for account-wide events and for users since deleted.
 */
public record StoredEvent(
        Instant at,
        String kind,
        Optional<String> project,
        Optional<String> actor,
        Optional<String> tokenId,
        String detailJson) {}
