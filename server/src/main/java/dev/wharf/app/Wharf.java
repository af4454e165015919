package dev.wharf.app;

import dev.wharf.accounts.AccountSettingsService;
import dev.wharf.accounts.Accounts;
import dev.wharf.accounts.InviteService;
import dev.wharf.accounts.LoginThrottle;
import dev.wharf.accounts.SessionService;
import dev.wharf.accounts.TwoFactorService;
import dev.wharf.accounts.UserService;
import dev.wharf.config.WharfConfig;
import dev.wharf.distributions.ArchiveLimits;
import dev.wharf.index.IndexUrls;
import dev.wharf.index.json.JsonApi;
import dev.wharf.index.named.IndexSources;
import dev.wharf.index.named.NamedIndexPages;
import dev.wharf.index.simple.SimpleIndex;
import dev.wharf.indexes.IndexRepository;
import dev.wharf.indexes.IndexService;
import dev.wharf.mirror.MirrorFileRepository;
import dev.wharf.mirror.Mirrors;
import dev.wharf.notifications.NoNotifier;
import dev.wharf.notifications.Notifier;
import dev.wharf.notifications.SmtpNotifier;
import dev.wharf.projects.Catalogue;
import dev.wharf.projects.CollaboratorService;
import dev.wharf.projects.EventRepository;
import dev.wharf.projects.OrphanBlobs;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.projects.ProjectService;
import dev.wharf.projects.SecurityHistory;
import dev.wharf.publishing.MintService;
import dev.wharf.publishing.PendingPublisherPolicy;
import dev.wharf.publishing.PublisherMatcher;
import dev.wharf.publishing.PublisherRepository;
import dev.wharf.publishing.PublisherService;
import dev.wharf.publishing.oidc.IssuerRegistry;
import dev.wharf.publishing.oidc.IssuerRepository;
import dev.wharf.publishing.oidc.JtiRepository;
import dev.wharf.publishing.oidc.JwksCache;
import dev.wharf.publishing.oidc.JwtVerifier;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.LocalBlobStore;
import dev.wharf.storage.blob.S3BlobStore;
import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.DatabaseLocation;
import dev.wharf.storage.db.SettingsRepository;
import dev.wharf.tokens.TokenService;
import dev.wharf.upload.DistributionInspector;
import dev.wharf.upload.PublisherLinks;
import dev.wharf.upload.UploadService;
import dev.wharf.web.ProjectPages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Function;

/**
 * The composition root: builds every service once, from the configuration, with plain
 * constructors. The CLI's admin commands use the same services as the HTTP server, on the same
 * data, so both see the same rules. The services that need the server's public URL (uploads,
 * pages, the token exchange) are built once per server by {@link #servedAt}. No logic lives here.
 */
public final class Wharf implements AutoCloseable {
    private final WharfConfig config;
    private final Database database;
    private final BlobStore blobs;
    private final Path staging;
    private final Clock clock;
    private final Accounts accounts;
    private final Catalogue catalogue;
    private final PublisherRepository publishers = new PublisherRepository();
    private final JtiRepository jtis;
    private final PublisherService publisherService;
    private final IssuerRegistry issuers;
    private final TokenService tokens;
    private final IndexRepository indexRepository = new IndexRepository();
    private final IndexService indexes;
    private final Mirrors mirrors;

    private Wharf(
            WharfConfig config,
            Database database,
            BlobStore blobs,
            Path staging,
            Clock clock,
            Function<String, String> environment) {
        this.config = config;
        this.database = database;
        this.blobs = blobs;
        this.staging = staging;
        this.clock = clock;
        SecureRandom random = new SecureRandom();
        this.accounts = Accounts.create(database, clock, random);
        MirrorFileRepository mirrorFiles = new MirrorFileRepository();
        var mail = config.mail();
        this.catalogue = Catalogue.create(
                database,
                blobs,
                clock,
                accounts.userRepository(),
                (handle, digests) -> mirrorFiles.blobKeysByDigest(handle, digests),
                recipients -> mail.smtpHost().isEmpty()
                        ? NoNotifier.INSTANCE
                        : new SmtpNotifier(
                                recipients,
                                mail,
                                mail.fromAddress(config.baseUrl(config.port()).getHost())));
        Notifier notifier = catalogue.notifier();
        this.publisherService = new PublisherService(
                database, publishers, catalogue.projectRepository(), catalogue.events(), clock, notifier);
        this.issuers = new IssuerRegistry(
                database, new IssuerRepository(clock), config.oidc().allowInsecureLocal());
        this.jtis = new JtiRepository(database);
        // Tokens carry the index's host as their macaroon location, like pypi.org's "pypi.org"; the
        // host does not depend on the port a server picks at start.
        this.tokens = new TokenService(
                database, clock, random, config.baseUrl(config.port()).getHost(), notifier);
        this.indexes = new IndexService(
                database,
                indexRepository,
                new SettingsRepository(),
                catalogue.projectRepository(),
                catalogue.events(),
                clock);
        this.mirrors = Mirrors.create(database, blobs, staging, config.mirror(), environment, clock, mirrorFiles);
    }

    /** Opens the database (migrating it) and the blob store under the configured data directory. */
    public static Wharf open(WharfConfig config) {
        return open(config, System::getenv);
    }

    /**
     * As {@link #open(WharfConfig)}, reading the process environment through {@code environment}
     * (where mirrors find their upstream passwords), so a test can hand a server a variable.
     */
    public static Wharf open(WharfConfig config, Function<String, String> environment) {
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
            DatabaseLocation location = config.databaseUrl()
                    .map(DatabaseLocation::parse)
                    .orElseGet(() -> DatabaseLocation.sqlite(data.resolve("wharf.db")));
            Database database = Database.open(location, 8);
            return new Wharf(config, database, blobs, staging, Clock.systemUTC(), environment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data directory " + data, e);
        }
    }

    /**
     * The services of a server reachable at {@code publicUrl}: their pages and messages carry
     * absolute links, and the token exchange checks the audience derived from it.
     */
    public ServedServices servedAt(URI publicUrl) {
        IndexUrls urls = new IndexUrls(publicUrl);
        String helpUrl = urls.absolute("/help/");
        PublisherLinks links = publishers::linked;
        UploadService uploads = new UploadService(
                database,
                catalogue.projectRepository(),
                catalogue.events(),
                blobs,
                config.upload(),
                new DistributionInspector(ArchiveLimits.defaults()),
                links,
                helpUrl,
                clock);
        JwtVerifier verifier = new JwtVerifier(
                issuers, new JwksCache(JwksCache.defaultHttpClient(), clock), config.audience(publicUrl), clock);
        PublisherMatcher matcher = new PublisherMatcher(publishers);
        PendingPublisherPolicy policy = new PendingPublisherPolicy(
                publishers, matcher, catalogue.projectRepository(), catalogue.events(), helpUrl);
        MintService mint = new MintService(
                database,
                verifier,
                jtis,
                policy,
                matcher,
                publishers,
                catalogue.projectRepository(),
                tokens,
                catalogue.events(),
                config.oidc().tokenLifetime(),
                clock,
                catalogue.notifier());
        IndexSources sources = new IndexSources(
                database,
                catalogue.projectRepository(),
                indexRepository,
                indexes,
                mirrors.pages(),
                mirrors.pageRepository(),
                urls,
                clock);
        return new ServedServices(
                urls,
                helpUrl,
                uploads,
                new SimpleIndex(database, catalogue.projectRepository(), urls),
                new JsonApi(database, catalogue.projectRepository(), urls),
                new ProjectPages(database, catalogue.projectRepository(), urls),
                mint,
                new NamedIndexPages(sources, urls),
                sources);
    }

    /** Stored files that no catalogue row refers to, for the periodic clean-up. */
    public OrphanBlobs orphanBlobs() {
        return catalogue.orphanBlobs();
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
        return catalogue.projectRepository();
    }

    public EventRepository events() {
        return catalogue.events();
    }

    /** Email notifications: SMTP when {@code mail.smtp-host} is set, otherwise none. */
    public Notifier notifier() {
        return catalogue.notifier();
    }

    public Accounts accounts() {
        return accounts;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public UserService users() {
        return accounts.users();
    }

    public InviteService invites() {
        return accounts.invites();
    }

    public SessionService sessions() {
        return accounts.sessions();
    }

    public TwoFactorService twoFactor() {
        return accounts.twoFactor();
    }

    /** One per process: its per-address counts live in memory. */
    public LoginThrottle loginThrottle() {
        return accounts.loginThrottle();
    }

    public AccountSettingsService accountSettings() {
        return accounts.settings();
    }

    public ProjectService projects() {
        return catalogue.projects();
    }

    public CollaboratorService collaborators() {
        return catalogue.collaborators();
    }

    public SecurityHistory securityHistory() {
        return catalogue.history();
    }

    public TokenService tokens() {
        return tokens;
    }

    public PublisherService publisherService() {
        return publisherService;
    }

    public JtiRepository jtis() {
        return jtis;
    }

    /** The indexes beside the hosted projects: mirrors and virtual indexes. */
    public IndexService indexes() {
        return indexes;
    }

    /** The proxy engine of mirror indexes. */
    public Mirrors mirrors() {
        return mirrors;
    }

    public IssuerRegistry issuers() {
        return issuers;
    }

    @Override
    public void close() {
        mirrors.close();
        catalogue.notifier().close();
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
