package dev.wharf.projects;

/** A project together with the role a given user has on it. */
public record Membership(Project project, Role role) {}
