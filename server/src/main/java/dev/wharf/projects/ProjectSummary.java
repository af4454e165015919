package dev.wharf.projects;

/** One line of the project list ({@code /simple/}). */
public record ProjectSummary(String name, String normalizedName, long lastSerial) {}
