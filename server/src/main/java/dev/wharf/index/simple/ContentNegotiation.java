package dev.wharf.index.simple;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * PEP 691 content negotiation as pypi.org does it: the offers, in server order, are
 * {@code text/html}, {@code application/vnd.pypi.simple.v1+html}, {@code application/vnd.pypi.simple.v1+json};
 * the one the client gives the highest q wins, ties go to the earlier offer, and no header or no
 * acceptable offer means {@code text/html} (never 406). {@code ...simple.latest+json|+html} are
 * accepted and answered with the concrete v1 type (PEP 691). Consequence kept on purpose:
 * {@code Accept: application/json} gets HTML, exactly as on pypi.org.
 */
public final class ContentNegotiation {
    /** Accept headers longer than this are treated as absent (a reader of client data has a limit). */
    static final int MAX_ACCEPT = 4096;

    private static final int MAX_RANGES = 64;

    private ContentNegotiation() {}

    public static SimpleFormat choose(String accept, Optional<String> formatParameter) {
        if (formatParameter.isPresent()) {
            Optional<SimpleFormat> forced =
                    byMediaType(formatParameter.get().trim().toLowerCase(Locale.ROOT));
            if (forced.isPresent()) {
                return forced.get();
            }
        }
        if (accept == null || accept.isBlank() || accept.length() > MAX_ACCEPT) {
            return SimpleFormat.HTML;
        }
        List<Range> ranges = parse(accept);
        SimpleFormat best = SimpleFormat.HTML;
        double bestQ = 0;
        for (SimpleFormat offer : SimpleFormat.values()) {
            double q = quality(ranges, offer);
            if (q > bestQ) {
                best = offer;
                bestQ = q;
            }
        }
        return best;
    }

    private static Optional<SimpleFormat> byMediaType(String mediaType) {
        return switch (mediaType) {
            case "text/html" -> Optional.of(SimpleFormat.HTML);
            case "application/vnd.pypi.simple.v1+html", "application/vnd.pypi.simple.latest+html" ->
                Optional.of(SimpleFormat.V1_HTML);
            case "application/vnd.pypi.simple.v1+json", "application/vnd.pypi.simple.latest+json" ->
                Optional.of(SimpleFormat.V1_JSON);
            default -> Optional.empty();
        };
    }

    /** The q the client gives an offer: from the most specific matching range (RFC 9110 §12.5.1). */
    private static double quality(List<Range> ranges, SimpleFormat offer) {
        double q = 0;
        int specificity = -1;
        for (Range range : ranges) {
            int s = range.specificity(offer);
            if (s > specificity) {
                specificity = s;
                q = range.q;
            }
        }
        return q;
    }

    private static List<Range> parse(String accept) {
        List<Range> ranges = new ArrayList<>();
        for (String element : accept.split(",")) {
            if (ranges.size() == MAX_RANGES) {
                break;
            }
            // limit -1: ";;;".split(";") is an empty array, and Accept: ";;;" must not become a 500.
            String[] parts = element.split(";", -1);
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            if (type.isEmpty()) {
                continue;
            }
            double q = 1.0;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
                    try {
                        q = Math.max(
                                0,
                                Math.min(
                                        1,
                                        Double.parseDouble(
                                                parameter.substring(2).trim())));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            ranges.add(new Range(type, q));
        }
        return ranges;
    }

    private record Range(String type, double q) {
        /** 3 exact match, 2 the latest alias, 1 {@code type/*}, 0 {@code * / *}, -1 no match. */
        int specificity(SimpleFormat offer) {
            if (type.equals(offer.mediaType())) {
                return 3;
            }
            Optional<SimpleFormat> alias = byMediaType(type);
            if (alias.isPresent() && alias.get() == offer && offer != SimpleFormat.HTML) {
                return 2;
            }
            if (type.equals("*/*")) {
                return 0;
            }
            if (type.endsWith("/*") && offer.mediaType().startsWith(type.substring(0, type.length() - 1))) {
                return 1;
            }
            return -1;
        }
    }
}
