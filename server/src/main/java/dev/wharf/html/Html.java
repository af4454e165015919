package dev.wharf.html;

/** Escaping for text put into HTML by hand. */
public final class Html {
    private Html() {}

    /**
     * {@code text} safe in element content and in double- or single-quoted attribute values: the five
     * characters that can end either are written as references.
     */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
