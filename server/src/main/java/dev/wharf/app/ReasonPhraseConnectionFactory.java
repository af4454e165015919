package dev.wharf.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpGenerator;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1.1 connections whose status line can carry a custom reason phrase.
 *
 * <p>pypi.org puts every upload error in the reason phrase ({@code HTTP/1.1 400 File already exists ...}),
 * and twine prints that phrase to the user under the status line. Jetty 12 always writes the
 * standard phrase: the servlet API lost {@code setStatus(int, String)} and Jetty builds the response
 * metadata with a null reason. So the error mapper puts the phrase in the private response header
 * {@value #REASON_HEADER}, and this generator moves it into the status line and drops the header.
 * The body carries the same message too (HTTP/2 has no reason phrase).
 */
final class ReasonPhraseConnectionFactory extends HttpConnectionFactory {
    static final String REASON_HEADER = "X-Wharf-Reason";

    ReasonPhraseConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
            @Override
            protected HttpGenerator newHttpGenerator() {
                return new ReasonPhraseGenerator();
            }
        };
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    private static final class ReasonPhraseGenerator extends HttpGenerator {
        @Override
        public Result generateResponse(
                MetaData.Response info,
                boolean head,
                ByteBuffer header,
                ByteBuffer chunk,
                ByteBuffer content,
                boolean last)
                throws IOException {
            if (info != null && info.getReason() == null) {
                String reason = info.getHttpFields().get(REASON_HEADER);
                if (reason != null) {
                    HttpFields.Mutable fields = HttpFields.build(info.getHttpFields());
                    fields.remove(REASON_HEADER);
                    info = new MetaData.Response(
                            info.getStatus(),
                            reason,
                            info.getHttpVersion(),
                            fields.asImmutable(),
                            info.getContentLength(),
                            info.getTrailersSupplier());
                }
            }
            return super.generateResponse(info, head, header, chunk, content, last);
        }
    }

    /** A reason phrase must be one line of printable ISO-8859-1; anything else becomes '?'. */
    static String sanitize(String message) {
        StringBuilder out = new StringBuilder(Math.min(message.length(), 1024));
        for (int i = 0; i < message.length() && out.length() < 1024; i++) {
            char c = message.charAt(i);
            out.append(c >= 0x20 && c != 0x7f && c <= 0xff ? c : '?');
        }
        return out.toString();
    }
}
