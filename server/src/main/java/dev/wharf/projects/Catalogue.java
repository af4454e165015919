package dev.wharf.projects;

import dev.wharf.accounts.UserRepository;
import dev.wharf.notifications.Notifier;
import dev.wharf.notifications.Recipients;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.db.Database;
import java.time.Clock;
import java.util.function.Function;

/**
 * The catalogue's repositories and services, each built once by {@link #create}. The notifier is
 * made from the catalogue's own {@link Recipients} (who holds which role), so {@code create}
 * takes how to make one rather than the notifier itself.
 */
public record Catalogue(
        ProjectRepository projectRepository,
        EventRepository events,
        Notifier notifier,
        ProjectService projects,
        CollaboratorService collaborators,
        SecurityHistory history,
        OrphanBlobs orphanBlobs) {

    public static Catalogue create(
            Database database,
            BlobStore blobs,
            Clock clock,
            UserRepository users,
            SharedBlobs shared,
            Function<Recipients, Notifier> notifierFor) {
        ProjectRepository repository = new ProjectRepository();
        EventRepository events = new EventRepository();
        Notifier notifier = notifierFor.apply(new CatalogueRecipients(database, repository, users));
        return new Catalogue(
                repository,
                events,
                notifier,
                new ProjectService(database, repository, events, blobs, clock),
                new CollaboratorService(database, repository, users, events, clock, notifier),
                new SecurityHistory(database, events, clock),
                new OrphanBlobs(database, repository, shared, blobs));
    }
}
