package dev.wharf.index.named;

import dev.wharf.index.IndexedProject;

/**
 * A project as an index serves it, and a stamp that changes whenever what it serves may change (a
 * hosted serial, a mirror's fetch time and visible-file count, or a virtual index's members' stamps):
 * rendered pages are cached by it.
 */
public record SourcedProject(IndexedProject project, String stamp) {}
