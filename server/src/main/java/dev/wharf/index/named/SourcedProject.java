package dev.wharf.index.named;

import dev.wharf.index.IndexedProject;
import java.util.function.Supplier;

/**
 * A project as an index serves it: a stamp that changes whenever what it serves may change (a hosted
 * serial, a mirror's fetch time and visible-file count, or a virtual index's members' stamps), and
 * the project itself, built only when no page is cached for that stamp. Finding the stamp costs an
 * indexed lookup or a memory read; building the project reads every file.
 */
public record SourcedProject(String stamp, Supplier<IndexedProject> project) {}
