package dev.wharf.app;

import dev.wharf.errors.WharfException;
import dev.wharf.index.EncodedResponses;
import dev.wharf.index.IndexUrls;
import dev.wharf.index.ReadAccess;
import dev.wharf.index.files.FileRoutes;
import dev.wharf.index.json.JsonApiRoutes;
import dev.wharf.index.named.NamedIndexRoutes;
import dev.wharf.index.simple.SimpleIndex;
import dev.wharf.index.simple.SimpleRoutes;
import dev.wharf.indexes.IndexDefinition;
import dev.wharf.indexes.IndexService;
import dev.wharf.publishing.MintRoutes;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.storage.blob.StagingSweeper;
import dev.wharf.upload.MultipartUploadReader;
import dev.wharf.upload.UploadAuthenticator;
import dev.wharf.upload.UploadRoutes;
import dev.wharf.web.ClientAddress;
import dev.wharf.web.HelpRoutes;
import dev.wharf.web.SecurityHeaders;
import dev.wharf.web.Templates;
import dev.wharf.web.WebRoutes;
import dev.wharf.web.account.AccountRoutes;
import dev.wharf.web.manage.AdminRoutes;
import dev.wharf.web.manage.IndexAdminRoutes;
import dev.wharf.web.manage.ManageRoutes;
import dev.wharf.web.session.WebSessions;
import io.javalin.Javalin;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Javalin on Jetty 12 with our reason-phrase connection factory, every route
 * module, and the error mapping. {@link #start()} binds and returns the URL it listens on.
 */
public final class WharfServer implements AutoCloseable {
    private final Wharf wharf;
    private Javalin javalin;
    private Maintenance maintenance;
    private ServerConnector connector;
    private SimpleIndex simpleIndex;

    public WharfServer(Wharf wharf) {
        this.wharf = wharf;
    }

    public URI start() {
        var config = wharf.config();
        try {
            // Before the first request: no upload of this server is live yet, so everything staged
            // is debris from an earlier run (one server per data directory, docs/operations.md).
            int removed =
                    StagingSweeper.sweep(wharf.stagingDirectory(), wharf.clock().instant(), Duration.ZERO);
            if (removed > 0) {
                LoggerFactory.getLogger(WharfServer.class).info("Removed {} abandoned staging files", removed);
            }
        } catch (IOException e) {
            LoggerFactory.getLogger(WharfServer.class)
                    .warn("Could not sweep the staging directory: {}", e.getMessage());
        }
        seedConfiguredIssuers(config.oidc().issuers());
        int port = config.port() == 0 ? FreePort.find(config.host()) : config.port();
        URI publicUrl = config.baseUrl(port);
        javalin = Javalin.create(javalinConfig -> {
            javalinConfig.startup.showJavalinBanner = false;
            javalinConfig.router.ignoreTrailingSlashes = false;
            javalinConfig.http.generateEtags = false;
            javalinConfig.concurrency.useVirtualThreads = true;
            javalinConfig.jetty.addConnector((server, httpConfiguration) -> {
                httpConfiguration.setSendServerVersion(false);
                if (config.tls().isPresent()) {
                    httpConfiguration.addCustomizer(new SecureRequestCustomizer(false));
                    connector = new ServerConnector(
                            server,
                            new SslConnectionFactory(
                                    TlsContext.load(config.tls().get()), "http/1.1"),
                            new ReasonPhraseConnectionFactory(httpConfiguration));
                } else {
                    connector = new ServerConnector(server, new ReasonPhraseConnectionFactory(httpConfiguration));
                }
                connector.setHost(config.host());
                connector.setPort(port);
                return connector;
            });
            // Unknown methods on a known path: 405 with Allow, not 404 (RFC 9110 §15.5.6).
            javalinConfig.http.prefer405over404 = true;
            javalinConfig.routes.exception(WharfException.class, ErrorMapping::refused);
            javalinConfig.routes.exception(Exception.class, ErrorMapping::unexpected);
            // First of all before-handlers: nothing may decode a malformed escape before it.
            javalinConfig.routes.before(MalformedEscapes::check);
            javalinConfig.routes.before(MethodGuard::check);
            ClientAddress.register(javalinConfig.routes, config.trustedProxies());
            register(javalinConfig.routes, publicUrl);
            headLikeGet(javalinConfig.unsafe);
        });
        javalin.start();
        warmRootIndex();
        maintenance = new Maintenance(
                wharf.jtis(), wharf.publisherService(), wharf.stagingDirectory(), wharf.orphanBlobs(), wharf.clock());
        return publicUrl;
    }

    private void register(JavalinDefaultRoutingApi routes, URI publicUrl) {
        ServedServices served = wharf.servedAt(publicUrl);
        IndexUrls urls = served.urls();
        String base = urls.basePath();
        new UploadRoutes(
                        served.uploads(),
                        new UploadAuthenticator(wharf.tokens(), wharf.users(), served.helpUrl()),
                        new MultipartUploadReader(
                                wharf.stagingDirectory(),
                                wharf.config().upload().maxFileSize()))
                .register(routes);
        simpleIndex = served.simpleIndex();
        NamedIndexRoutes named = new NamedIndexRoutes(
                wharf.indexes(),
                served.namedPages(),
                served.indexSources(),
                wharf.mirrors().files(),
                wharf.blobs(),
                base);
        new SimpleRoutes(simpleIndex, base, new SimpleRoutes.DefaultIndex() {
                    @Override
                    public Optional<IndexDefinition> chosen() {
                        IndexService.Snapshot now = wharf.indexes().current();
                        return now.find(now.defaultIndex());
                    }

                    @Override
                    public void root(Context ctx, IndexDefinition index) {
                        named.root(ctx, Optional.of(index));
                    }

                    @Override
                    public void project(Context ctx, IndexDefinition index) {
                        named.project(ctx, Optional.of(index), "");
                    }
                })
                .register(routes);
        named.register(routes);
        new JsonApiRoutes(served.jsonApi(), base).register(routes);
        new FileRoutes(wharf.projects(), wharf.blobs()).register(routes);
        Templates templates = new Templates();
        new HelpRoutes(templates, base).register(routes);
        boolean https = "https".equals(publicUrl.getScheme());
        new WebSessions(wharf.sessions(), wharf.users(), wharf.twoFactor(), https, templates, base).register(routes);
        if (wharf.config().privateReads()) {
            // After the session layer, whose before-handler reads the session cookie for pages.
            new ReadAccess(
                            wharf.tokens(),
                            "Wharf " + publicUrl.getRawAuthority(),
                            ctx -> WebSessions.current(ctx).isPresent(),
                            ctx -> WebSessions.pendingSecondFactor(ctx).isPresent(),
                            base + "/account/login",
                            base + "/account/two-factor/verify")
                    .register(routes);
        }
        new AccountRoutes(
                        wharf.accounts(),
                        wharf.tokens(),
                        wharf.publisherService(),
                        wharf.issuers(),
                        wharf.projects(),
                        wharf.securityHistory(),
                        templates,
                        wharf.clock(),
                        base)
                .register(routes);
        new WebRoutes(wharf.projects(), served.projectPages(), wharf.indexes(), templates, urls).register(routes);
        new ManageRoutes(
                        wharf.projects(),
                        wharf.publisherService(),
                        wharf.collaborators(),
                        wharf.issuers(),
                        wharf.accountSettings(),
                        wharf.twoFactor(),
                        wharf.securityHistory(),
                        wharf.indexes(),
                        templates,
                        base)
                .register(routes);
        new AdminRoutes(
                        wharf.users(),
                        wharf.invites(),
                        wharf.accountSettings(),
                        wharf.twoFactor(),
                        wharf.issuers(),
                        wharf.securityHistory(),
                        templates,
                        base)
                .register(routes);
        new IndexAdminRoutes(wharf.indexes(), served.indexSources(), wharf.securityHistory(), templates, base)
                .register(routes);
        new SecurityHeaders(https).register(routes);
        var oidc = wharf.config().oidc();
        new MintRoutes(
                        served.mint(),
                        oidc.enabled(),
                        wharf.config().audience(publicUrl),
                        publicUrl.getScheme() + "://" + publicUrl.getRawAuthority(),
                        base + "/legacy/")
                .register(routes);
        // Last: writes cached page bodies once every other after-handler has set its headers.
        EncodedResponses.register(routes);
    }

    /**
     * Renders {@code /simple/} in the background: with hundreds of thousands of projects the first
     * full render takes seconds, which no client should wait for. A failure here only means the
     * first request renders it.
     */
    private void warmRootIndex() {
        SimpleIndex index = simpleIndex;
        Thread.ofVirtual().name("root-index-warm-up").start(() -> {
            try {
                index.warm();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(WharfServer.class)
                        .info("The root index was not rendered ahead of its first request: {}", e.getMessage());
            }
        });
    }

    /**
     * Gives every GET route without a HEAD route of its own a HEAD route running the same handler:
     * HEAD must answer as GET would, without the body (RFC 9110 §9.3.2). Javalin's own HEAD for a
     * GET route answers 200 without running the handler, which turned redirects and 404s into 200s.
     */
    private static void headLikeGet(JavalinState config) {
        var endpoints = config.internalRouter.allHttpHandlers();
        Set<String> withHead = new HashSet<>();
        endpoints.stream()
                .filter(e -> e.endpoint.method == HandlerType.HEAD)
                .forEach(e -> withHead.add(e.endpoint.path));
        for (var parsed : List.copyOf(endpoints)) {
            if (parsed.endpoint.method == HandlerType.GET && withHead.add(parsed.endpoint.path)) {
                config.routes.head(parsed.endpoint.path, parsed.endpoint.handler);
            }
        }
    }

    /** Issuers named in configuration ({@code oidc.issuers = "gitlab=https://gitlab.example.org"}) are added once. */
    private void seedConfiguredIssuers(List<String> entries) {
        for (String entry : entries) {
            String[] parts = entry.split("=", 2);
            if (wharf.issuers().resolve(parts[1]).isEmpty()) {
                wharf.issuers().add(parts[1], IssuerKind.ofService(parts[0]).orElseThrow(), Optional.empty());
                LoggerFactory.getLogger(WharfServer.class)
                        .info("Added {} issuer {} from configuration", parts[0], parts[1]);
            }
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        if (maintenance != null) {
            maintenance.close();
        }
        if (javalin != null) {
            javalin.stop();
        }
    }
}
