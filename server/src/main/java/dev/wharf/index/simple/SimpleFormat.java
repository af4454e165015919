package dev.wharf.index.simple;

/** The three representations of the simple API (PEP 691); {@code text/html} is an alias of v1+html. */
public enum SimpleFormat {
    HTML("text/html", "text/html; charset=utf-8"),
    V1_HTML("application/vnd.pypi.simple.v1+html", "application/vnd.pypi.simple.v1+html; charset=utf-8"),
    V1_JSON("application/vnd.pypi.simple.v1+json", "application/vnd.pypi.simple.v1+json");

    private final String mediaType;
    private final String contentType;

    SimpleFormat(String mediaType, String contentType) {
        this.mediaType = mediaType;
        this.contentType = contentType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The exact Content-Type sent; uv refuses anything but these media types. */
    public String contentType() {
        return contentType;
    }

    public boolean isJson() {
        return this == V1_JSON;
    }
}
