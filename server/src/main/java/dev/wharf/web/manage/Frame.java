package dev.wharf.web.manage;

/**
 * What every settings page shows around its content: the project, which tab is open, the flash
 * message, the CSRF token for its forms, and whether the visitor may change anything.
 *
 * @param project normalized project name; empty on the administrator's pages
 */
public record Frame(
        String base,
        String project,
        String title,
        String tab,
        String flash,
        String csrf,
        boolean owner,
        String signedInAs) {
    public String href(String tabPath) {
        return base + "/manage/project/" + project + "/" + tabPath;
    }
}
