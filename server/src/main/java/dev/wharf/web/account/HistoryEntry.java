package dev.wharf.web.account;

import dev.wharf.projects.StoredEvent;
import java.time.Instant;

/** One line of the account's history page; {@code project} and {@code actor} are empty strings when not known. */
public record HistoryEntry(Instant at, String kind, String project, String actor, String detail) {
    static HistoryEntry of(StoredEvent event) {
        return new HistoryEntry(
                event.at(),
                event.kind(),
                event.project().orElse(""),
                event.actor().orElse(""),
                event.detailJson());
    }
}
