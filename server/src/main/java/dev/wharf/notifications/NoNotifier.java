package dev.wharf.notifications;

/** Mail is off ({@code mail.smtp-host} empty, the default): every notification is dropped. */
public final class NoNotifier implements Notifier {
    public static final NoNotifier INSTANCE = new NoNotifier();

    private NoNotifier() {}

    @Override
    public void publisherAdded(long projectId, String project, String publisher) {}

    @Override
    public void publisherRemoved(long projectId, String project, String publisher) {}

    @Override
    public void collaboratorAdded(long projectId, String project, long userId, String username, String role) {}

    @Override
    public void collaboratorChanged(long projectId, String project, long userId, String username, String role) {}

    @Override
    public void collaboratorRemoved(long projectId, String project, long userId, String username, String role) {}

    @Override
    public void tokenCreated(long userId, String description) {}

    @Override
    public void pendingPublisherUsed(long registrantId, String project, String publisher) {}

    @Override
    public void close() {}
}
