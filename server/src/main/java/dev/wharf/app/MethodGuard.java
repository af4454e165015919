package dev.wharf.app;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Set;

/**
 * The methods the machine endpoints answer, checked before routing so that any other method (PUT,
 * DELETE, an unknown one) gets 405 with {@code Allow} and a message that says where to go, never a
 * 404 (RFC 9110 §15.5.6). uv reads a 405 on an upload as "this looks like the simple index URL".
 * Paths not in the table get Javalin's 405, whose {@code Allow} lists the routes of the path.
 *
 * <table>
 *   <caption>Methods by path (below the public URL's path)</caption>
 *   <tr><th>Path</th><th>Allowed</th><th>Message</th></tr>
 *   <tr><td>{@code /legacy/}</td><td>POST</td><td>the upload endpoint takes POST</td></tr>
 *   <tr><td>{@code /simple}, {@code /simple/...}</td><td>GET, HEAD</td><td>upload to /legacy/</td></tr>
 *   <tr><td>{@code /packages/...}, {@code /pypi/...}</td><td>GET, HEAD</td><td>read-only</td></tr>
 * </table>
 */
final class MethodGuard {
    private record Rule(String prefix, boolean exact, Set<HandlerType> allowed, String allow, String message) {
        boolean covers(String path) {
            return exact ? path.equals(prefix) : path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    private static final Set<HandlerType> READ = Set.of(HandlerType.GET, HandlerType.HEAD);
    private static final List<Rule> RULES = List.of(
            new Rule(
                    "/legacy/",
                    true,
                    Set.of(HandlerType.POST),
                    "POST",
                    "this is the upload endpoint; uploads are POSTed here as multipart/form-data"),
            new Rule("/simple", false, READ, "GET, HEAD", "this is the simple index; upload to /legacy/ instead."),
            new Rule(
                    "/packages",
                    false,
                    READ,
                    "GET, HEAD",
                    "distribution files are read-only; upload to /legacy/ instead."),
            new Rule("/pypi", false, READ, "GET, HEAD", "the JSON API is read-only; upload to /legacy/ instead."));

    private MethodGuard() {}

    static void check(Context ctx) {
        String path = ctx.path().substring(ctx.contextPath().length());
        for (Rule rule : RULES) {
            if (rule.covers(path)) {
                if (!rule.allowed().contains(ctx.method())) {
                    ctx.header("Allow", rule.allow());
                    throw new WharfException(Refusal.METHOD_NOT_ALLOWED, "Method Not Allowed: " + rule.message());
                }
                return;
            }
        }
    }
}
