package dev.wharf.web.manage;

import dev.wharf.projects.StoredEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One line of a security history: when (UTC), what, by whom, with which token, and the details as recorded. */
public record EventRow(String when, String kind, String actor, String token, String detail) {
    static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    static EventRow of(StoredEvent event) {
        return new EventRow(
                WHEN.format(event.at()),
                event.kind(),
                event.actor().orElse(""),
                event.tokenId().orElse(""),
                event.detailJson());
    }
}
