package dev.wharf.cli;

import dev.wharf.app.Wharf;
import dev.wharf.app.WharfServer;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wharf serve}: runs the index until stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the package index.",
            "Upload with twine to URL/legacy/ (user __token__, password an API token); install with pip --index-url URL/simple/."
        })
final class ServeCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default: 127.0.0.1; env WHARF_SERVER_HOST).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Port to listen on (default: 8080; 0 picks a free one).")
    Integer port;

    @Option(
            names = "--public-url",
            paramLabel = "URL",
            description = "The URL clients use, when Wharf runs behind a reverse proxy (env WHARF_SERVER_PUBLIC_URL).")
    String publicUrl;

    @Option(
            names = "--tls-cert",
            paramLabel = "PEM",
            description =
                    "Serve HTTPS with this certificate chain (PEM). The official GitHub action always calls https://HOST/_/oidc/...")
    java.nio.file.Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "PEM",
            description = "The certificate's private key (PEM, PKCS#8: BEGIN PRIVATE KEY).")
    java.nio.file.Path tlsKey;

    @Override
    public Integer call() {
        var config = data.loader()
                .flag("server.host", host)
                .flag("server.port", port)
                .flag("server.public-url", publicUrl)
                .flag("server.tls-cert", tlsCert)
                .flag("server.tls-key", tlsKey)
                .load();
        Wharf wharf = Wharf.open(config);
        WharfServer server = new WharfServer(wharf);
        URI url = server.start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            wharf.close();
                        },
                        "wharf-shutdown"));
        System.out.println(
                "Wharf is listening on " + url + "/ (simple index: " + url + "/simple/, uploads: " + url + "/legacy/)");
        System.out.flush();
        return 0;
    }
}
