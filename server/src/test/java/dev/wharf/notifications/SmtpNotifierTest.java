package dev.wharf.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.accounts.User;
import dev.wharf.accounts.UserRepository;
import dev.wharf.accounts.Username;
import dev.wharf.app.Wharf;
import dev.wharf.config.ConfigLoader;
import dev.wharf.devissuer.DevIssuer;
import dev.wharf.devissuer.DevIssuerSettings;
import dev.wharf.projects.CollaboratorException;
import dev.wharf.projects.CollaboratorService;
import dev.wharf.projects.Project;
import dev.wharf.projects.Role;
import dev.wharf.publishing.MintService;
import dev.wharf.publishing.MintedExchange;
import dev.wharf.publishing.StoredPublisher;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import dev.wharf.tokens.IssuedToken;
import dev.wharf.tokens.TokenScope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each notification through the services that make the change, a real Wharf and a real SMTP server
 * (aiosmtpd): who receives what, that no token secret is ever mailed, that mail is off by default,
 * and that a dead mail server fails nothing.
 */
class SmtpNotifierTest {
    private static final GitHubIdentity PUBLISHER =
            GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "");

    @TempDir
    Path scratch;

    private SmtpSink sink;
    private TestWharf wharf;
    private Project project;

    @AfterEach
    void stop() throws Exception {
        if (wharf != null) {
            wharf.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    /** Project {@code sample} owned by alice, bob its maintainer, carol a stranger. */
    private Wharf start(Consumer<ConfigLoader> mail) {
        wharf = TestWharf.start(Dialect.SQLITE, scratch, mail);
        Wharf w = wharf.wharf();
        User alice = user("alice");
        User bob = user("bob");
        user("carol");
        project = w.database()
                .write(h -> w.projectRepository().insertProject(h, "Sample", "sample", "sample", Instant.now()));
        // Set up in the catalogue directly: the roles of the fixture are not changes anyone hears about.
        w.database().writeVoid(h -> {
            w.projectRepository().addRole(h, project.id(), alice.id(), Role.OWNER);
            w.projectRepository().addRole(h, project.id(), bob.id(), Role.MAINTAINER);
        });
        return w;
    }

    private Wharf startWithMail() throws Exception {
        sink = SmtpSink.start(scratch);
        return start(loader -> loader.flag("mail.smtp-host", "127.0.0.1")
                .flag("mail.smtp-port", sink.port())
                .flag("mail.from", "index@wharf.test")
                .flag("oidc.allow-insecure-local-issuers", true));
    }

    private User user(String name) {
        return wharf.wharf().users().create(new Username(name), name + "@example.org", Optional.empty(), false);
    }

    private long id(String name) {
        return wharf.wharf().users().find(name).orElseThrow().id();
    }

    @Test
    void publisherChangesReachTheOwnersAndMaintainers() throws Exception {
        Wharf w = startWithMail();
        StoredPublisher added = w.publisherService().add("sample", PUBLISHER, Optional.of(id("alice")));
        assertThat(sink.await(1)).hasSize(1);
        w.publisherService().remove("sample", added.id(), Optional.of(id("alice")));
        List<SmtpSink.Received> mails = sink.await(2);

        assertThat(mails).hasSize(2);
        assertThat(mails.get(0).from()).isEqualTo("index@wharf.test");
        assertThat(mails.get(0).to()).containsExactlyInAnyOrder("alice@example.org", "bob@example.org");
        assertThat(mails.get(0).subject()).isEqualTo("[Wharf] A trusted publisher was added to Sample");
        assertThat(mails.get(0).body()).contains(PUBLISHER.displayName()).contains("Sample");
        assertThat(mails.get(1).to()).containsExactlyInAnyOrder("alice@example.org", "bob@example.org");
        assertThat(mails.get(1).subject()).isEqualTo("[Wharf] A trusted publisher was removed from Sample");
        assertThat(mails.get(1).body()).contains(PUBLISHER.displayName());
    }

    @Test
    void collaboratorChangesReachTheOwnersAndTheAffectedUser() throws Exception {
        Wharf w = startWithMail();
        var collaborators = new CollaboratorService(
                w.database(), w.projectRepository(), new UserRepository(), w.events(), w.clock(), w.notifier());
        long alice = id("alice");
        collaborators.add(project, "carol", Role.MAINTAINER, alice);
        assertThat(sink.await(1)).hasSize(1);
        collaborators.change(project, id("carol"), Role.OWNER, alice);
        assertThat(sink.await(2)).hasSize(2);
        collaborators.remove(project, id("bob"), alice);
        List<SmtpSink.Received> mails = sink.await(3);

        assertThat(mails).hasSize(3);
        assertThat(mails.get(0).to()).containsExactlyInAnyOrder("alice@example.org", "carol@example.org");
        assertThat(mails.get(0).subject()).isEqualTo("[Wharf] carol was added to Sample");
        assertThat(mails.get(0).body()).contains("carol now has the role Maintainer on the project Sample");
        // carol is an owner now, so she is told as an owner and as the affected user: once.
        assertThat(mails.get(1).to()).containsExactlyInAnyOrder("alice@example.org", "carol@example.org");
        assertThat(mails.get(1).body()).contains("carol now has the role Owner");
        // bob lost his role and still hears about it; the maintainer-only bob was never an owner recipient.
        assertThat(mails.get(2).to())
                .containsExactlyInAnyOrder("alice@example.org", "carol@example.org", "bob@example.org");
        assertThat(mails.get(2).subject()).isEqualTo("[Wharf] bob was removed from Sample");
        assertThat(mails.get(2).body()).contains("bob no longer has the role Maintainer on the project Sample");
    }

    @Test
    void aNewTokenIsAnnouncedToItsUserWithoutTheSecret() throws Exception {
        Wharf w = startWithMail();
        IssuedToken token = w.tokens().create(id("bob"), "release laptop", TokenScope.allProjects(), Optional.empty());
        List<SmtpSink.Received> mails = sink.await(1);

        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).to()).containsExactly("bob@example.org");
        assertThat(mails.get(0).subject()).isEqualTo("[Wharf] A new API token was created");
        assertThat(mails.get(0).body()).contains("\"release laptop\"");
        assertThat(mails.get(0).raw())
                .doesNotContain(token.secret())
                .doesNotContain(token.secret().substring(5, 40));
    }

    @Test
    void aPendingPublisherThatCreatesItsProjectTellsItsRegistrant() throws Exception {
        Wharf w = startWithMail();
        try (DevIssuer issuer = new DevIssuer(
                new DevIssuerSettings(
                        "octo-org",
                        "4242",
                        "fresh-repo",
                        "release.yml",
                        "refs/heads/main",
                        Optional.empty(),
                        "push",
                        Duration.ofMinutes(5)),
                Clock.systemUTC())) {
            issuer.start(0);
            w.issuers().add(issuer.issuerUrl().toString(), IssuerKind.GITHUB, Optional.empty());
            GitHubIdentity pending = GitHubIdentity.validated(
                    "octo-org",
                    "4242",
                    "fresh-repo",
                    "release.yml",
                    "",
                    issuer.issuerUrl().toString());
            w.publisherService().addPending(pending, "Fresh-Project", id("carol"));
            MintService mint = w.servedAt(wharf.url()).mint();
            String jwt = issuer.issue(w.config().audience(wharf.url()));
            MintedExchange minted = mint.mint(("{\"token\":\"" + jwt + "\"}").getBytes(StandardCharsets.UTF_8));
            List<SmtpSink.Received> mails = sink.await(1);

            assertThat(mails).hasSize(1);
            assertThat(mails.get(0).to()).containsExactly("carol@example.org");
            assertThat(mails.get(0).subject())
                    .isEqualTo("[Wharf] Your pending publisher created the project Fresh-Project");
            assertThat(mails.get(0).body()).contains(pending.displayName()).contains("Fresh-Project");
            assertThat(mails.get(0).raw()).doesNotContain(minted.token());
            // A second exchange uses the (now normal) publisher: no project is created, nobody is told.
            mint.mint(("{\"token\":\"" + issuer.issue(w.config().audience(wharf.url())) + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            Thread.sleep(300);
            assertThat(sink.messages()).hasSize(1);
        }
    }

    @Test
    void aChangeThatRollsBackIsNotAnnounced() throws Exception {
        Wharf w = startWithMail();
        var collaborators = new CollaboratorService(
                w.database(), w.projectRepository(), new UserRepository(), w.events(), w.clock(), w.notifier());
        assertThatThrownBy(() -> collaborators.remove(project, id("alice"), id("alice")))
                .isInstanceOf(CollaboratorException.class);
        w.tokens().create(id("bob"), "marker", TokenScope.allProjects(), Optional.empty());
        List<SmtpSink.Received> mails = sink.await(1);
        Thread.sleep(300);
        assertThat(sink.messages())
                .singleElement()
                .satisfies(m -> assertThat(m.subject()).contains("API token"));
        assertThat(mails).hasSize(1);
    }

    @Test
    void withoutAnSmtpHostNothingIsSent() throws Exception {
        sink = SmtpSink.start(scratch);
        Wharf w = start(loader -> loader.flag("mail.smtp-port", sink.port()));
        assertThat(w.notifier()).isSameAs(NoNotifier.INSTANCE);
        w.tokens().create(id("bob"), "quiet", TokenScope.allProjects(), Optional.empty());
        w.publisherService().add("sample", PUBLISHER, Optional.empty());
        Thread.sleep(500);
        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void anUnreachableMailServerFailsNothing() throws Exception {
        int closed = SmtpSink.freePort();
        Wharf w = start(loader -> loader.flag("mail.smtp-host", "127.0.0.1").flag("mail.smtp-port", closed));
        assertThat(w.notifier()).isInstanceOf(SmtpNotifier.class);
        IssuedToken token = w.tokens().create(id("bob"), "still works", TokenScope.allProjects(), Optional.empty());
        StoredPublisher added = w.publisherService().add("sample", PUBLISHER, Optional.empty());
        assertThat(token.secret()).startsWith("pypi-");
        assertThat(w.publisherService().list("sample"))
                .extracting(StoredPublisher::id)
                .containsExactly(added.id());
    }

    /** A server's refusal often quotes the recipient; the log line keeps only the kind and the code. */
    @Test
    void failuresAreLoggedWithoutTheAddressesTheServerQuoted() throws Exception {
        var refused = new org.eclipse.angus.mail.smtp.SMTPAddressFailedException(
                new jakarta.mail.internet.InternetAddress("bob@example.org"),
                "RCPT TO",
                550,
                "550 5.1.1 <bob@example.org> unknown");
        assertThat(SmtpNotifier.describe(refused))
                .isEqualTo("the server refused a recipient (SMTP 550)")
                .doesNotContain("bob");
        var send = new org.eclipse.angus.mail.smtp.SMTPSendFailedException(
                "DATA",
                554,
                "554 <bob@example.org> rejected",
                null,
                null,
                new jakarta.mail.Address[] {new jakarta.mail.internet.InternetAddress("bob@example.org")},
                null);
        assertThat(SmtpNotifier.describe(send)).isEqualTo("the server refused the message (SMTP 554)");
    }
}
