package dev.wharf.http;

/** Conditional requests on entity tags (RFC 9110 §13.1). */
public final class EntityTags {
    /** A longer {@code If-None-Match} is not parsed: no client sends one, and parsing it costs time. */
    static final int MAX_HEADER = 4096;

    private EntityTags() {}

    /**
     * Whether {@code If-None-Match} matches {@code etag}, so a GET or HEAD answers 304. Weak
     * comparison (RFC 9110 §13.1.2): {@code W/"x"} matches {@code "x"}; {@code *} matches any
     * current representation. A missing or oversized header matches nothing.
     */
    public static boolean noneMatchFails(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.length() > MAX_HEADER) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag) || tag.equals("*")) {
                return true;
            }
        }
        return false;
    }
}
