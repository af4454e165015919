package dev.wharf.notifications;

import dev.wharf.config.WharfConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each notification as plain-text mail through an SMTP server ({@link SmtpClient}), on its own virtual thread: the
 * recipients are read (after the change committed), the message is written and sent. A failure is
 * logged with the event kind and the reason only (no addresses beyond the server, never a token) and
 * goes no further.
 */
public final class SmtpNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpNotifier.class);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(25);

    private final Recipients recipients;
    private final SmtpClient client;
    private final String from;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param mail the SMTP settings; {@code mail.smtpHost()} must be present
     * @param from the sender address, e.g. {@code wharf@pypi.example.org}
     */
    public SmtpNotifier(Recipients recipients, WharfConfig.MailSettings mail, String from) {
        this(recipients, mail, from, Optional.empty());
    }

    /** For tests: {@code trust} replaces the JVM's trust store for the TLS connection. */
    SmtpNotifier(Recipients recipients, WharfConfig.MailSettings mail, String from, Optional<SSLSocketFactory> trust) {
        if (!SmtpClient.validAddress(from)) {
            throw new IllegalArgumentException("mail.from: '" + from + "' is not an email address");
        }
        this.recipients = recipients;
        this.from = from;
        String clientName = from.substring(from.indexOf('@') + 1);
        Optional<SmtpClient.Credentials> credentials = mail.username()
                .map(user -> new SmtpClient.Credentials(user, mail.password().orElse("")));
        this.client = new SmtpClient(
                mail.smtpHost().orElseThrow(),
                mail.smtpPort(),
                mail.security(),
                credentials,
                TIMEOUT,
                clientName,
                trust);
    }

    @Override
    public void publisherAdded(long projectId, String project, String publisher) {
        send(
                "publisher-added",
                () -> new Mail(
                        recipients.ownersAndMaintainers(projectId),
                        Messages.publisherAddedSubject(project),
                        Messages.publisherAdded(project, publisher)));
    }

    @Override
    public void publisherRemoved(long projectId, String project, String publisher) {
        send(
                "publisher-removed",
                () -> new Mail(
                        recipients.ownersAndMaintainers(projectId),
                        Messages.publisherRemovedSubject(project),
                        Messages.publisherRemoved(project, publisher)));
    }

    @Override
    public void collaboratorAdded(long projectId, String project, long userId, String username, String role) {
        send(
                "collaborator-added",
                () -> new Mail(
                        recipients.ownersAnd(projectId, userId),
                        "[Wharf] " + username + " was added to " + project,
                        Messages.collaborator(project, username, "now has the role " + role + " on")));
    }

    @Override
    public void collaboratorChanged(long projectId, String project, long userId, String username, String role) {
        send(
                "collaborator-changed",
                () -> new Mail(
                        recipients.ownersAnd(projectId, userId),
                        "[Wharf] " + username + "'s role on " + project + " changed",
                        Messages.collaborator(project, username, "now has the role " + role + " on")));
    }

    @Override
    public void collaboratorRemoved(long projectId, String project, long userId, String username, String role) {
        send(
                "collaborator-removed",
                () -> new Mail(
                        recipients.ownersAnd(projectId, userId),
                        "[Wharf] " + username + " was removed from " + project,
                        Messages.collaborator(project, username, "no longer has the role " + role + " on")));
    }

    @Override
    public void tokenCreated(long userId, String description) {
        send(
                "token-created",
                () -> new Mail(
                        recipients.user(userId),
                        "[Wharf] A new API token was created",
                        Messages.tokenCreated(description)));
    }

    @Override
    public void pendingPublisherUsed(long registrantId, String project, String publisher) {
        send(
                "pending-publisher-used",
                () -> new Mail(
                        recipients.user(registrantId),
                        "[Wharf] Your pending publisher created the project " + project,
                        Messages.pendingPublisherUsed(project, publisher)));
    }

    private void send(String kind, Supplier<Mail> mail) {
        try {
            senders.execute(() -> {
                try {
                    Mail message = mail.get();
                    if (!message.to().isEmpty()) {
                        client.send(from, message);
                    }
                } catch (Exception e) {
                    LOG.warn("Could not send the {} notification through {}: {}", kind, client, describe(e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("Not sending the {} notification: shutting down", kind);
        }
    }

    /**
     * What went wrong, without addresses: an SMTP server's reply often quotes the recipient
     * ({@code 550 5.1.1 <bob@example.org>}), so only the kind of failure and the reply code are logged.
     */
    static String describe(Exception e) {
        if (e instanceof org.eclipse.angus.mail.util.MailConnectException) {
            return "cannot connect (" + e.getClass().getSimpleName() + ")";
        }
        if (e instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException failed) {
            return "the server refused the message (SMTP " + failed.getReturnCode() + ")";
        }
        if (e instanceof org.eclipse.angus.mail.smtp.SMTPAddressFailedException failed) {
            return "the server refused a recipient (SMTP " + failed.getReturnCode() + ")";
        }
        if (e instanceof jakarta.mail.AuthenticationFailedException) {
            return "authentication failed (check mail.smtp-username and mail.smtp-password)";
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        senders.shutdown();
        try {
            if (!senders.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("Gave up waiting for notifications still being sent");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
