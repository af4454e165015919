package dev.wharf.http;

import java.io.IOException;
import java.io.InputStream;

/** Request-body handling shared by the endpoints that refuse a body before reading all of it. */
public final class RequestBodies {
    private RequestBodies() {}

    /**
     * Reads and drops at most {@code limit} more bytes of a body that is being refused. Answering
     * while the client is still sending makes the server close a connection with unread data; the
     * client's TCP stack then sees a reset and loses the answer that says what was wrong. Beyond the
     * bound a client gets the reset: reading more for it is not worth the server's time.
     */
    public static void discardRest(InputStream in, long limit) throws IOException {
        byte[] sink = new byte[64 * 1024];
        long left = limit;
        int read;
        while (left > 0 && (read = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
            left -= read;
        }
    }

    /**
     * Like {@link #discardRest(InputStream, long)}, but gives up when no byte has arrived for
     * {@code stall}: a client that declared a body and never sends it (or stopped) gets its answer
     * then, not after the connection's idle timeout. Returns whether the body was read to its end
     * (or to the limit); when not, the caller should close the connection after answering, and the
     * abandoned read ends when it does.
     */
    public static boolean discardRest(InputStream in, long limit, java.time.Duration stall)
            throws InterruptedException {
        java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();
        Thread reader = Thread.ofVirtual().name("discard-request-body").start(() -> {
            byte[] sink = new byte[64 * 1024];
            long left = limit;
            int read;
            try {
                while (left > 0 && (read = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
                    left -= read;
                    progress.addAndGet(read);
                }
            } catch (IOException | RuntimeException e) {
                // the client went away, or the connection was closed under an abandoned read
            }
        });
        long seen = 0;
        while (true) {
            reader.join(stall);
            if (!reader.isAlive()) {
                return true;
            }
            long now = progress.get();
            if (now == seen) {
                return false;
            }
            seen = now;
        }
    }
}
