package dev.wharf.web;

import java.util.List;
import java.util.Optional;

/**
 * What a project page shows, prepared for the template: the selected release, its files, the other
 * releases, the rendered description and the install command.
 */
public record ProjectPage(
        String name,
        String normalizedName,
        String status,
        String version,
        Optional<String> summary,
        Optional<String> requiresPython,
        boolean yanked,
        Optional<String> yankedReason,
        String installCommand,
        ReadmeRenderer.Rendered description,
        List<VersionEntry> versions,
        List<FileEntry> files,
        List<Link> projectUrls,
        List<String> owners) {

    /** One release in the history list. */
    public record VersionEntry(String version, String href, boolean current, boolean yanked, boolean prerelease) {}

    /** One file of the selected release. */
    public record FileEntry(
            String filename,
            String url,
            String type,
            String size,
            String sha256,
            String uploaded,
            Optional<PublisherLine> publisher) {}

    /**
     * "Published from OWNER/REPO, workflow FILE@REF": where a file uploaded through a trusted
     * publisher came from, as its OIDC token stated, with a link to the source when there is one.
     */
    public record PublisherLine(String text, Optional<String> href) {}

    /** A labelled link from the metadata's Project-URL fields (http/https only). */
    public record Link(String label, String href) {}
}
