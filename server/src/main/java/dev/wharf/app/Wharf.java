package dev.wharf.app;

import dev.wharf.accounts.UserRepository;
import dev.wharf.accounts.UserService;
import dev.wharf.config.WharfConfig;
import dev.wharf.distributions.ArchiveLimits;
import dev.wharf.projects.EventLog;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.projects.ProjectService;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.LocalBlobStore;
import dev.wharf.storage.blob.S3BlobStore;
import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.DatabaseLocation;
import dev.wharf.publishing.MintService;
import dev.wharf.publishing.PendingPublisherPolicy;
import dev.wharf.publishing.PublisherMatcher;
import dev.wharf.publishing.PublisherRepository;
import dev.wharf.publishing.oidc.IssuerRegistry;
import dev.wharf.publishing.oidc.IssuerRepository;
import dev.wharf.publishing.oidc.JtiStore;
import dev.wharf.publishing.oidc.JwksCache;
import dev.wharf.publishing.oidc.JwtVerifier;
import dev.wharf.tokens.TokenService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The composition root: builds every service from the configuration with plain constructors. The
 * CLI's admin commands use the same services as the HTTP server, on the same data, so both see the
 * same rules. No logic lives here.
 */
public final class Wharf implements AutoCloseable {
    private final WharfConfig config;
    private final Database database;
    private final BlobStore blobs;
    private final Path staging;
    private final Clock clock;
    private final ProjectRepository projectRepository = new ProjectRepository();
    private final EventLog events = new EventLog();
    private final UserService users;
    private final ProjectService projects;
    private final PublisherRepository publishers = new PublisherRepository();
    private final IssuerRegistry issuers;
    private final dev.wharf.accounts.SessionService sessions;
    private final dev.wharf.accounts.TwoFactorService twoFactor;
    private final dev.wharf.accounts.LoginThrottle loginThrottle;
    private final dev.wharf.accounts.AccountSettingsService accountSettings;
    private final dev.wharf.notifications.Notifier notifier;

    private Wharf(WharfConfig config, Database database, BlobStore blobs, Path staging, Clock clock) {
        this.config = config;
        this.database = database;
        this.blobs = blobs;
        this.staging = staging;
        this.clock = clock;
        UserRepository userRepository = new UserRepository();
        java.security.SecureRandom random = new java.security.SecureRandom();
        this.users = new UserService(database, userRepository,
                new dev.wharf.accounts.InviteService(database, clock, random), clock, random);
        this.sessions = new dev.wharf.accounts.SessionService(database, clock, random);
        this.twoFactor = new dev.wharf.accounts.TwoFactorService(database, userRepository, clock, random);
        this.loginThrottle = new dev.wharf.accounts.LoginThrottle(database, clock);
        this.accountSettings = new dev.wharf.accounts.AccountSettingsService(database);
        this.projects = new ProjectService(database, projectRepository, events, blobs, clock);
        this.issuers = new IssuerRegistry(database, new IssuerRepository(clock), config.oidc().allowInsecureLocal());
        var mail = config.mail();
        this.notifier = mail.smtpHost().isEmpty() ? dev.wharf.notifications.NoNotifier.INSTANCE
                : new dev.wharf.notifications.SmtpNotifier(database, mail, mail.fromAddress(config.baseUrl(config.port()).getHost()));
    }

    /** Email notifications: SMTP when {@code mail.smtp-host} is set, otherwise none. */
    public dev.wharf.notifications.Notifier notifier() {
        return notifier;
    }

    /** Opens the database (migrating it) and the blob store under the configured data directory. */
    public static Wharf open(WharfConfig config) {
        Path data = config.dataDirectory().toAbsolutePath();
        try {
            Files.createDirectories(data);
            BlobStore blobs;
            Path staging;
            if (config.s3().isPresent()) {
                blobs = new S3BlobStore(config.s3().get());
                staging = Files.createDirectories(data.resolve("staging"));
            } else {
                LocalBlobStore local = new LocalBlobStore(data.resolve("files"));
                blobs = local;
                staging = local.stagingDirectory();
            }
            DatabaseLocation location = config.databaseUrl().map(DatabaseLocation::parse)
                    .orElseGet(() -> DatabaseLocation.sqlite(data.resolve("wharf.db")));
            Database database = Database.open(location, 8);
            return new Wharf(config, database, blobs, staging, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data directory " + data, e);
        }
    }

    public WharfConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** Where uploads stream to first: on the blob store's file system when files are local. */
    public Path stagingDirectory() {
        return staging;
    }

    public Clock clock() {
        return clock;
    }

    public ProjectRepository projectRepository() {
        return projectRepository;
    }

    public EventLog events() {
        return events;
    }

    public UserService users() {
        return users;
    }

    public dev.wharf.accounts.SessionService sessions() {
        return sessions;
    }

    public dev.wharf.accounts.TwoFactorService twoFactor() {
        return twoFactor;
    }

    /** One per process: its per-address counts live in memory. */
    public dev.wharf.accounts.LoginThrottle loginThrottle() {
        return loginThrottle;
    }

    public dev.wharf.accounts.AccountSettingsService accountSettings() {
        return accountSettings;
    }

    public ProjectService projects() {
        return projects;
    }

    /** Tokens carry the index's host as their macaroon location, like pypi.org's "pypi.org". */
    public TokenService tokens(URI publicUrl) {
        return new TokenService(database, clock, new SecureRandom(), publicUrl.getHost(), notifier);
    }

    /** Whether a trusted publisher is attached to a project, asked at every upload with a publisher's token. */
    public dev.wharf.upload.PublisherLinks publisherLinks() {
        return publishers::linked;
    }

    public PublisherRepository publishers() {
        return publishers;
    }

    public dev.wharf.publishing.PublisherService publisherService() {
        return new dev.wharf.publishing.PublisherService(database, publishers, projectRepository, events, clock, notifier);
    }

    public IssuerRegistry issuers() {
        return issuers;
    }

    /** The Trusted Publishing exchange for an index reachable at {@code publicUrl}. */
    public MintService mintService(URI publicUrl, String helpUrl) {
        String audience = config.audience(publicUrl);
        JwtVerifier verifier = new JwtVerifier(issuers, new JwksCache(JwksCache.defaultHttpClient(), clock), audience, clock);
        PublisherMatcher matcher = new PublisherMatcher(publishers);
        PendingPublisherPolicy policy = new PendingPublisherPolicy(publishers, matcher, projectRepository, events, helpUrl);
        return new MintService(database, verifier, new JtiStore(database), policy, matcher, publishers, projectRepository,
                tokens(publicUrl), events, config.oidc().tokenLifetime(), clock, notifier);
    }

    public ArchiveLimits archiveLimits() {
        return ArchiveLimits.defaults();
    }

    @Override
    public void close() {
        notifier.close();
        database.close();
        if (blobs instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing an HTTP client; nothing to recover
            }
        }
    }
}
