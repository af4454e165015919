package dev.wharf.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Port 0 ("any free port", used by tests) is resolved before the server is built, because the
 * public URL, which pages and tokens embed, must be known when the routes are wired.
 */
final class FreePort {
    private FreePort() {}

    static int find(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }
}
