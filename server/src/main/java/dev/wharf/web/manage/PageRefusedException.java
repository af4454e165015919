package dev.wharf.web.manage;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * A settings page cannot be shown or a change made at all: the project is unknown to this
 * visitor (404, also for projects they have no role on, so settings never confirm a project
 * exists), the visitor may only read (403), or the two-factor policy applies. Rendered as an HTML
 * page, with an optional link that fixes it.
 */
public final class PageRefusedException extends WharfException {
    private final String link;

    PageRefusedException(Refusal refusal, String message, String link) {
        super(refusal, message);
        this.link = link;
    }

    static PageRefusedException notFound(String message) {
        return new PageRefusedException(Refusal.NOT_FOUND, message, "");
    }

    static PageRefusedException forbidden(String message) {
        return new PageRefusedException(Refusal.FORBIDDEN, message, "");
    }

    /** Where to go to resolve it, or empty. */
    public String link() {
        return link;
    }
}
