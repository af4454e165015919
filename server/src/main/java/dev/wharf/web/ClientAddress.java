package dev.wharf.web;

import dev.wharf.http.TrustedProxies;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * The client's address for limits and the security log: the TCP peer, or, when the peer is one of
 * {@code server.trusted-proxies}, the address its {@code X-Forwarded-For} names
 * ({@link TrustedProxies}). Resolved once per request by a before-handler.
 */
public final class ClientAddress {
    private static final String ATTRIBUTE = ClientAddress.class.getName();

    private ClientAddress() {}

    public static void register(JavalinDefaultRoutingApi routes, TrustedProxies proxies) {
        routes.before(ctx -> ctx.attribute(
                ATTRIBUTE,
                proxies.client(
                        ctx.req().getRemoteAddr(),
                        java.util.Collections.list(ctx.req().getHeaders("X-Forwarded-For")))));
    }

    public static String of(Context ctx) {
        String address = ctx.attribute(ATTRIBUTE);
        return address != null ? address : ctx.req().getRemoteAddr();
    }
}
