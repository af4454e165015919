package dev.wharf.http;

import java.io.IOException;
import java.io.InputStream;

/** Request-body handling shared by the endpoints that refuse a body before reading all of it. */
public final class RequestBodies {
    private RequestBodies() {
    }

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
}
