package dev.wharf.notifications;

/**
 * Tells people about a change that has already happened. Call it only after the change committed
 * (from a transaction: {@code handle.afterCommit(() -> notifier...)}): a mail about a change that
 * rolled back would be a lie. Implementations return at once and never throw for a delivery problem.
 */
public interface Notifier extends AutoCloseable {
    /** A trusted publisher was attached to the project: tells its owners and maintainers. */
    void publisherAdded(long projectId, String project, String publisher);

    /** A trusted publisher was detached from the project: tells its owners and maintainers. */
    void publisherRemoved(long projectId, String project, String publisher);

    /** A user got a role on the project: tells its owners and that user. */
    void collaboratorAdded(long projectId, String project, long userId, String username, String role);

    /** A user's role on the project changed: tells its owners and that user. */
    void collaboratorChanged(long projectId, String project, long userId, String username, String role);

    /** A user lost their role on the project: tells its owners and that user. */
    void collaboratorRemoved(long projectId, String project, long userId, String username, String role);

    /** An API token was created for the user: tells that user (the description only, never the token). */
    void tokenCreated(long userId, String description);

    /** A pending publisher created its project on first use: tells the user who registered it. */
    void pendingPublisherUsed(long registrantId, String project, String publisher);

    /** Waits a bounded time for mails still being sent (the command line exits right after its work). */
    @Override
    void close();
}
