package dev.wharf.notifications;

import java.util.List;

/** One plain-text message to one or more addresses. */
public record Mail(List<String> to, String subject, String body) {
    public Mail {
        to = List.copyOf(to);
    }
}
