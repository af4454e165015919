package dev.wharf.projects;

import java.util.Optional;

/**
 * Which events to read: every present condition must hold. {@code limit} is clamped to
 * 1..{@value #MAX_LIMIT} so that no caller can ask for the whole table.
 *
 * @param projectId         events on this project
 * @param normalizedProject events on the project with this normalized name (PEP 503)
 * @param kindPrefix        events whose kind starts with this (taken literally)
 * @param involvingUser     events done by this user or on a project this user has a role on
 */
public record EventFilter(
        Optional<Long> projectId,
        Optional<String> normalizedProject,
        Optional<String> kindPrefix,
        Optional<Long> involvingUser,
        int limit) {
    public static final int MAX_LIMIT = 10_000;

    public EventFilter {
        limit = Math.max(1, Math.min(limit, MAX_LIMIT));
    }

    public static EventFilter ofProject(long projectId, int limit) {
        return new EventFilter(Optional.of(projectId), Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }

    public static EventFilter involving(long userId, int limit) {
        return new EventFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(userId), limit);
    }
}
