package dev.wharf.mirror;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * An upstream failed us: unreachable, too slow, refusing, or answering something we will not serve
 * (too large, malformed, a hash mismatch). Answered 502 or 504 with a message that names the
 * upstream, never 500: it is neither the client's fault nor our bug.
 */
public final class UpstreamException extends WharfException {
    UpstreamException(Refusal refusal, String message) {
        super(refusal, message);
    }

    static UpstreamException failed(String upstream, String what) {
        return new UpstreamException(Refusal.UPSTREAM_FAILED, "The upstream " + upstream + " failed: " + what);
    }

    static UpstreamException timedOut(String upstream, String what) {
        return new UpstreamException(Refusal.UPSTREAM_TIMEOUT, "The upstream " + upstream + " timed out: " + what);
    }
}
