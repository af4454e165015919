package dev.wharf.projects;

/** One change of the index: its serial and the normalized name of the project it changed. */
public record JournalEntry(long serial, String projectName) {}
