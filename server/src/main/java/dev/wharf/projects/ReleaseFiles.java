package dev.wharf.projects;

import java.util.List;

/** A release with the names of its files, in upload order. */
public record ReleaseFiles(Release release, List<String> filenames) {
    public ReleaseFiles {
        filenames = List.copyOf(filenames);
    }
}
