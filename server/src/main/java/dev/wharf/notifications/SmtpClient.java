package dev.wharf.notifications;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A minimal SMTP client (RFC 5321) over a plain socket: EHLO (HELO if refused), MAIL FROM, RCPT TO,
 * DATA with dot-stuffing (§4.5.2), QUIT. No authentication and no STARTTLS: it is meant for a local
 * relay (a smarthost on localhost or the same network) that forwards the mail onwards.
 * Every read and the connect time out, and a reply is read with a line and line-count limit.
 */
final class SmtpClient {
    /** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets; allow some slack. */
    static final int MAX_REPLY_LINE = 2048;
    static final int MAX_REPLY_LINES = 100;
    /** Addresses we put on the wire: no spaces, angle brackets or line breaks (no header or command injection). */
    private static final Pattern ADDRESS = Pattern.compile("[\\x21-\\x7e&&[^<>@,;\"]]{1,64}@[A-Za-z0-9.\\-\\[\\]:]{1,255}");

    private final String host;
    private final int port;
    private final Duration timeout;
    private final String clientName;

    SmtpClient(String host, int port, Duration timeout, String clientName) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.clientName = clientName;
    }

    static boolean validAddress(String address) {
        return address != null && ADDRESS.matcher(address).matches();
    }

    void send(String from, Mail mail) throws IOException {
        if (!validAddress(from)) {
            throw new IOException("invalid sender address");
        }
        List<String> to = mail.to().stream().filter(SmtpClient::validAddress).toList();
        if (to.isEmpty()) {
            return;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, 220);
            if (command(in, out, "EHLO " + clientName) != 250) {
                expect(command(in, out, "HELO " + clientName), 250, "HELO");
            }
            expect(command(in, out, "MAIL FROM:<" + from + ">"), 250, "MAIL FROM");
            int accepted = 0;
            for (String recipient : to) {
                int code = command(in, out, "RCPT TO:<" + recipient + ">");
                if (code == 250 || code == 251) {
                    accepted++;
                }
            }
            if (accepted == 0) {
                throw new IOException("the server accepted none of the recipients");
            }
            expect(command(in, out, "DATA"), 354, "DATA");
            out.write(message(from, to, mail).getBytes(StandardCharsets.US_ASCII));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(in, 250);
            command(in, out, "QUIT");
        }
    }

    /** The message text: headers, a blank line, the body with CRLF line ends and dot-stuffed lines. */
    static String message(String from, List<String> to, Mail mail) {
        StringBuilder text = new StringBuilder();
        text.append("From: ").append(from).append("\r\n");
        text.append("To: ").append(String.join(", ", to)).append("\r\n");
        text.append("Subject: ").append(encodedHeader(mail.subject())).append("\r\n");
        text.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n");
        text.append("MIME-Version: 1.0\r\n");
        String body = mail.body().replace("\r\n", "\n").replace('\r', '\n');
        if (body.chars().allMatch(c -> c < 0x80)) {
            text.append("Content-Type: text/plain; charset=US-ASCII\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
            for (String line : body.split("\n", -1)) {
                // RFC 5321 §4.5.2: a line starting with a period gets one more, so it cannot end the data.
                text.append(line.startsWith(".") ? "." + line : line).append("\r\n");
            }
        } else {
            // Without negotiating 8BITMIME, non-ASCII text travels as base64 (RFC 2045 §6.8).
            text.append("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            text.append(Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(body.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        return text.toString();
    }

    /** A header value on one line; non-ASCII as an RFC 2047 encoded word. */
    static String encodedHeader(String value) {
        String oneLine = value.replaceAll("[\\r\\n]+", " ");
        if (oneLine.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return oneLine;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(oneLine.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static int command(BufferedReader in, OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    private static void expect(BufferedReader in, int wanted) throws IOException {
        expect(reply(in), wanted, "greeting or data");
    }

    private static void expect(int code, int wanted, String step) throws IOException {
        if (code != wanted) {
            throw new IOException("SMTP " + step + " answered " + code);
        }
    }

    /** Reads a (possibly multi-line, "250-...") reply and returns its code. */
    private static int reply(BufferedReader in) throws IOException {
        for (int lines = 0; lines < MAX_REPLY_LINES; lines++) {
            String line = readLine(in);
            if (line.length() < 3) {
                throw new IOException("malformed SMTP reply");
            }
            int code;
            try {
                code = Integer.parseInt(line.substring(0, 3));
            } catch (NumberFormatException e) {
                throw new IOException("malformed SMTP reply");
            }
            if (line.length() == 3 || line.charAt(3) != '-') {
                return code;
            }
        }
        throw new IOException("SMTP reply longer than " + MAX_REPLY_LINES + " lines");
    }

    private static String readLine(BufferedReader in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c == -1) {
                throw new IOException("SMTP server closed the connection");
            }
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_REPLY_LINE) {
                throw new IOException("SMTP reply line too long");
            }
            line.append((char) c);
        }
    }

    @Override
    public String toString() {
        return "SMTP " + host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
