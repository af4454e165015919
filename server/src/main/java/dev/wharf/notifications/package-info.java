/**
 * Email notifications about changes that matter for a project's security: trusted publishers and
 * collaborators added or removed, API tokens created, and a pending publisher turned into a project.
 * Off unless {@code mail.smtp-host} is set ({@link NoNotifier}); otherwise {@link SmtpNotifier} sends
 * plain-text mail after the change has committed, on a background virtual thread, so a slow or broken
 * mail server never delays or fails the request. Mails never carry a token secret.
 */
package dev.wharf.notifications;
