package dev.wharf.index;

import java.util.List;

/**
 * A project as one index serves it: its PEP 792 status, its files, and the serial its pages carry
 * ({@code X-PyPI-Last-Serial}; an upstream's own serial for a mirror, 0 when it publishes none).
 */
public record IndexedProject(String normalizedName, String status, List<IndexedFile> files, long serial) {
    public IndexedProject {
        files = List.copyOf(files);
    }
}
