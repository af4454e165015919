package dev.wharf.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The reverse proxies whose {@code X-Forwarded-For} Wharf believes ({@code server.trusted-proxies}):
 * addresses and CIDR ranges. Behind a proxy every request comes from the proxy's address, so limits
 * per client address (the login throttle) and the addresses in the security log would be the
 * proxy's; believing the header from anyone else would let a client choose its own address.
 *
 * <p>The client is found from the right (RFC 7239 §5.2 reasoning, applied to X-Forwarded-For):
 * if the peer is trusted, each entry of the header, last first, is the address that hop saw; the
 * first one that is not a trusted proxy is the client. A malformed entry ends the walk at the hop
 * that added it. With no trusted proxies (the default) the peer is the client and the header is
 * ignored.
 */
public final class TrustedProxies {
    /** IPv4 or IPv6 literal, optionally with a prefix length: never a host name (no DNS at parse time). */
    private static final Pattern ENTRY =
            Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(/\\d{1,3})?");

    private static final int MAX_HOPS = 32;
    private static final int MAX_HEADER = 4096;

    private final InetAddressSet trusted = new InetAddressSet();
    private final List<String> entries;

    private TrustedProxies(List<String> entries) {
        this.entries = List.copyOf(entries);
        entries.forEach(trusted::add);
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * Parses a comma-separated list such as {@code 10.0.0.0/8, 127.0.0.1, ::1}.
     *
     * @throws IllegalArgumentException naming the entry that is not an address or range
     */
    public static TrustedProxies parse(String list) {
        List<String> entries = new ArrayList<>();
        if (list != null) {
            for (String raw : list.split(",")) {
                String entry = raw.strip();
                if (entry.isEmpty()) {
                    continue;
                }
                if (!ENTRY.matcher(entry).matches()
                        || literal(entry.split("/", 2)[0]).isEmpty()) {
                    throw new IllegalArgumentException(
                            "'" + entry + "' is not an IP address or CIDR range (e.g. 10.0.0.0/8)");
                }
                entries.add(entry);
            }
        }
        return new TrustedProxies(entries);
    }

    public List<String> entries() {
        return entries;
    }

    /** The client's address: {@code peer} unless it is a trusted proxy that forwarded the request. */
    public String client(String peer, List<String> forwardedFor) {
        if (entries.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        int length = 0;
        for (String header : forwardedFor) {
            length += header.length();
            if (length > MAX_HEADER) {
                break;
            }
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
            String hop = hops.get(i);
            if (literal(hop).isEmpty()) {
                return client;
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        return literal(address).map(trusted::test).orElse(false);
    }

    /** An IP literal as an address, without ever asking DNS. */
    private static Optional<InetAddress> literal(String text) {
        if (text.isEmpty() || text.length() > 45 || !ENTRY.matcher(text).matches() || text.contains("/")) {
            return Optional.empty();
        }
        if (!text.contains(":")) {
            // Dotted quad: each part 0-255, or getByName would go on to ask DNS about the text.
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
