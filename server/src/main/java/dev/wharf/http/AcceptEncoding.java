package dev.wharf.http;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Negotiates a response's content coding from the request's {@code Accept-Encoding}
 * (RFC 9110 §12.5.3), for bodies that exist in several codings already:
 * <ul>
 *   <li>no header, or one longer than {@value #MAX_HEADER} characters: identity, as nginx and Jetty
 *       answer (the RFC allows any coding, but a client that says nothing may not decode one);</li>
 *   <li>an empty header: identity only;</li>
 *   <li>a listed coding has its q (0 to 1, three decimals at most); an unlisted one takes the q of
 *       {@code *} if present; identity is acceptable unless {@code identity;q=0}, or {@code *;q=0}
 *       without an identity entry, excludes it, and when unlisted it is the least preferred;</li>
 *   <li>the highest q wins; among equal q the smaller body wins (so gzip over identity for pip's
 *       {@code gzip, deflate});</li>
 *   <li>nothing acceptable: empty, for the caller to answer 406.</li>
 * </ul>
 * Malformed elements (a bad q) are ignored, never an error: a client's odd header must not turn an
 * answer it can read into a refusal.
 */
public final class AcceptEncoding {
    static final int MAX_HEADER = 4096;
    private static final int MAX_ELEMENTS = 32;
    /** The rank of identity when the header does not list it: acceptable, below every listed coding. */
    private static final double UNLISTED_IDENTITY = 0.0001;

    private final Map<ContentCoding, Double> listed;
    private final Double wildcard;

    private AcceptEncoding(Map<ContentCoding, Double> listed, Double wildcard) {
        this.listed = listed;
        this.wildcard = wildcard;
    }

    public static AcceptEncoding parse(String header) {
        Map<ContentCoding, Double> listed = new EnumMap<>(ContentCoding.class);
        if (header == null || header.length() > MAX_HEADER) {
            listed.put(ContentCoding.IDENTITY, 1.0);
            for (ContentCoding coding : ContentCoding.values()) {
                listed.putIfAbsent(coding, 0.0);
            }
            return new AcceptEncoding(listed, null);
        }
        Double wildcard = null;
        int elements = 0;
        for (String element : header.split(",", -1)) {
            if (++elements > MAX_ELEMENTS) {
                break;
            }
            String[] parts = element.split(";", -1);
            String token = parts[0].trim();
            if (token.isEmpty()) {
                continue;
            }
            Optional<Double> q = quality(parts);
            if (q.isEmpty()) {
                continue;
            }
            if (token.equals("*")) {
                wildcard = q.get();
            } else {
                ContentCoding.byToken(token).ifPresent(coding -> listed.merge(coding, q.get(), Math::max));
            }
        }
        return new AcceptEncoding(listed, wildcard);
    }

    /** The q this header gives a coding, 0 when it is not acceptable. */
    public double quality(ContentCoding coding) {
        Double q = listed.get(coding);
        if (q != null) {
            return q;
        }
        if (wildcard != null) {
            return wildcard;
        }
        return coding == ContentCoding.IDENTITY ? UNLISTED_IDENTITY : 0;
    }

    /**
     * The coding to answer in among those offered (each with its body's length), or empty when
     * the client accepts none of them.
     */
    public Optional<ContentCoding> choose(Iterable<ContentCoding> offered, ToLongFunction<ContentCoding> length) {
        ContentCoding best = null;
        double bestQ = 0;
        for (ContentCoding coding : offered) {
            double q = quality(coding);
            if (q <= 0) {
                continue;
            }
            if (best == null || q > bestQ || (q == bestQ && length.applyAsLong(coding) < length.applyAsLong(best))) {
                best = coding;
                bestQ = q;
            }
        }
        return Optional.ofNullable(best);
    }

    /** q=1 when absent; a value outside RFC 9110's {@code qvalue} grammar makes the element void. */
    private static Optional<Double> quality(String[] parts) {
        double q = 1.0;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (!parameter.regionMatches(true, 0, "q=", 0, 2)) {
                continue;
            }
            String value = parameter.substring(2).trim();
            if (!value.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
                return Optional.empty();
            }
            q = Double.parseDouble(value);
        }
        return Optional.of(q);
    }
}
