package dev.wharf.notifications;

import dev.wharf.config.WharfConfig.MailSecurity;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends one plain-text message through an SMTP server with Jakarta Mail (Eclipse Angus): the SMTP
 * dialogue, dot-stuffing, MIME encoding of non-ASCII text (RFC 2045/2047), STARTTLS (RFC 3207),
 * implicit TLS (RFC 8314) and AUTH are the library's. What stays here is Wharf's policy:
 *
 * <table>
 *   <caption>Connection settings by {@code mail.smtp-security}</caption>
 *   <tr><th>security</th><th>connection</th><th>certificate</th></tr>
 *   <tr><td>{@code none}</td><td>plain; STARTTLS is not attempted</td><td>-</td></tr>
 *   <tr><td>{@code starttls}</td><td>plain, then STARTTLS; a server that does not offer it is refused</td>
 *       <td>checked against the JVM's trust store and the host name</td></tr>
 *   <tr><td>{@code tls}</td><td>TLS from the first byte</td><td>the same</td></tr>
 * </table>
 *
 * <p>AUTH is used when credentials are configured (the configuration refuses them with
 * {@code none} unless the server is on this machine). Connect, read and write each time out.
 * Addresses are checked before they reach the library, so no header or command can be injected
 * through them; the subject is flattened to one line.
 */
final class SmtpClient {
    /** Addresses we put on the wire: no spaces, angle brackets or line breaks (no header or command injection). */
    private static final Pattern ADDRESS =
            Pattern.compile("[\\x21-\\x7e&&[^<>@,;\"]]{1,64}@[A-Za-z0-9.\\-\\[\\]:]{1,255}");

    /** SMTP AUTH credentials; the password is never shown. */
    record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }

    private final String host;
    private final int port;
    private final Optional<Credentials> credentials;
    private final Session session;

    SmtpClient(
            String host,
            int port,
            MailSecurity security,
            Optional<Credentials> credentials,
            Duration timeout,
            String clientName) {
        this(host, port, security, credentials, timeout, clientName, Optional.empty());
    }

    /** @param trust for tests: the TLS socket factory to use instead of the JVM's default trust */
    SmtpClient(
            String host,
            int port,
            MailSecurity security,
            Optional<Credentials> credentials,
            Duration timeout,
            String clientName,
            Optional<SSLSocketFactory> trust) {
        this.host = host;
        this.port = port;
        this.credentials = credentials;
        String protocol = security == MailSecurity.TLS ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", protocol);
        // Transport.send picks the transport by address type; without this, "smtp" even for SMTPS.
        properties.put("mail.transport.protocol.rfc822", protocol);
        properties.put(p + "host", host);
        properties.put(p + "port", Integer.toString(port));
        properties.put(p + "localhost", clientName);
        String millis = Long.toString(timeout.toMillis());
        properties.put(p + "connectiontimeout", millis);
        properties.put(p + "timeout", millis);
        properties.put(p + "writetimeout", millis);
        properties.put(p + "auth", Boolean.toString(credentials.isPresent()));
        properties.put(p + "starttls.enable", Boolean.toString(security == MailSecurity.STARTTLS));
        properties.put(p + "starttls.required", Boolean.toString(security == MailSecurity.STARTTLS));
        if (security != MailSecurity.NONE) {
            properties.put(p + "ssl.checkserveridentity", "true");
            trust.ifPresent(factory -> properties.put(p + "ssl.socketFactory", factory));
        }
        this.session = Session.getInstance(properties);
    }

    static boolean validAddress(String address) {
        return address != null && ADDRESS.matcher(address).matches();
    }

    /** Sends {@code mail} to its valid recipients; does nothing if none is valid. */
    void send(String from, Mail mail) throws MessagingException {
        if (!validAddress(from)) {
            throw new AddressException("invalid sender address");
        }
        List<String> to = mail.to().stream().filter(SmtpClient::validAddress).toList();
        if (to.isEmpty()) {
            return;
        }
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from, true));
        Address[] recipients = new Address[to.size()];
        for (int i = 0; i < to.size(); i++) {
            recipients[i] = new InternetAddress(to.get(i), true);
        }
        message.setRecipients(Message.RecipientType.TO, recipients);
        message.setSubject(oneLine(mail.subject()), "UTF-8");
        message.setSentDate(new Date());
        message.setText(mail.body().replace("\r\n", "\n").replace('\r', '\n'), "UTF-8");
        if (credentials.isPresent()) {
            Transport.send(
                    message, credentials.get().username(), credentials.get().password());
        } else {
            Transport.send(message);
        }
    }

    /** A header value on one line: a line break in a subject must not start another header. */
    static String oneLine(String value) {
        return value.replaceAll("[\\r\\n]+", " ");
    }

    @Override
    public String toString() {
        return "SMTP " + host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
