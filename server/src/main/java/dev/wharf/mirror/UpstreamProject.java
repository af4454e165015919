package dev.wharf.mirror;

import java.util.List;
import java.util.Optional;

/** An upstream project page, parsed: its PEP 792 status, its files and the upstream's serial, if any. */
public record UpstreamProject(String status, List<UpstreamFile> files, long serial) {
    public UpstreamProject {
        files = List.copyOf(files);
    }

    public Optional<UpstreamFile> file(String filename) {
        return files.stream().filter(f -> f.filename().equals(filename)).findFirst();
    }
}
