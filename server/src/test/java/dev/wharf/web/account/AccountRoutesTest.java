package dev.wharf.web.account;

import static dev.wharf.web.account.AccountTestSupport.loggedIn;
import static dev.wharf.web.account.AccountTestSupport.page;
import static dev.wharf.web.account.AccountTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.accounts.User;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.publishing.providers.GitLabIdentity;
import dev.wharf.publishing.providers.PublisherIdentity;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import dev.wharf.web.session.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signed-in user's pages: projects, tokens, pending publishers, history. */
class AccountRoutesTest {
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path scratch;

    private int upload(TestWharf wharf, String token, UploadForm form) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(wharf.url("/legacy/")))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString(("__token__:" + token)
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .header("Content-Type", form.contentTypeHeader())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void aNewTokenIsShownOnceAuthenticatesAnUploadAndStopsWhenRevoked() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            user(wharf, "alice");
            Browser browser = loggedIn(wharf, "alice");
            HttpResponse<String> created = browser.submit(
                    "/account/tokens", "form.create-token", Map.of("description", "laptop", "expiry_days", "30"));
            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
            String secret = Jsoup.parse(created.body()).select("textarea#token").text();
            assertThat(secret).startsWith("pypi-");

            assertThat(upload(wharf, secret, UploadForm.wheel("alices-tool", "1.0")))
                    .isEqualTo(200);
            Document list = page(browser, "/account/tokens");
            assertThat(list.html()).doesNotContain(secret);
            assertThat(list.select("table.tokens td").eachText()).contains("laptop", "All projects");
            assertThat(page(browser, "/account/").select("ul.projects a").eachText())
                    .containsExactly("alices-tool");

            HttpResponse<String> revoked = browser.submit(list, "form.revoke", Map.of());
            assertThat(revoked.statusCode()).isEqualTo(303);
            assertThat(page(browser, "/account/tokens").select("table.tokens").text())
                    .contains("Revoked");
            assertThat(upload(wharf, secret, UploadForm.wheel("alices-tool", "1.1")))
                    .isEqualTo(403);
            assertThat(page(browser, "/account/history")
                            .select("table.history td")
                            .eachText())
                    .contains(AccountEvents.TOKEN_CREATED, AccountEvents.TOKEN_REVOKED, AccountEvents.LOGIN);
        }
    }

    @Test
    void aTokenScopeMayNameOnlyYourProjects() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            String bobs = wharf.userWithToken("bob");
            assertThat(upload(wharf, bobs, UploadForm.wheel("bobs-thing", "1.0")))
                    .isEqualTo(200);
            user(wharf, "alice");
            Browser browser = loggedIn(wharf, "alice");
            long before = rows(wharf);
            HttpResponse<String> refused = browser.submit(
                    "/account/tokens",
                    "form.create-token",
                    Map.of("description", "steal", "projects", "Bobs_Thing", "expiry_days", "30"));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(Jsoup.parse(refused.body()).select("#projects-error").text())
                    .isEqualTo("You have no project named 'Bobs_Thing'.");
            assertThat(rows(wharf)).isEqualTo(before);
            HttpResponse<String> badExpiry = browser.submit(
                    "/account/tokens", "form.create-token", Map.of("description", "odd", "expiry_days", "7"));
            assertThat(badExpiry.statusCode()).isEqualTo(400);
            assertThat(rows(wharf)).isEqualTo(before);
        }
    }

    @Test
    void aStrangerCanNeitherSeeNorRevokeAnothersTokens() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            user(wharf, "alice");
            user(wharf, "bob");
            Browser alice = loggedIn(wharf, "alice");
            String secret = Jsoup.parse(alice.submit(
                                    "/account/tokens",
                                    "form.create-token",
                                    Map.of("description", "alice-secret-ci", "expiry_days", "0"))
                            .body())
                    .select("textarea#token")
                    .text();
            String action = page(alice, "/account/tokens").select("form.revoke").attr("action");

            Browser bob = loggedIn(wharf, "bob");
            Document bobsTokens = page(bob, "/account/tokens");
            assertThat(bobsTokens.text()).doesNotContain("alice-secret-ci");
            String csrf = bobsTokens
                    .select("form.create-token input[name=csrf_token]")
                    .val();
            HttpResponse<String> attempt = bob.post(action, Map.of("csrf_token", csrf));
            assertThat(attempt.statusCode()).isEqualTo(404);
            assertThat(upload(wharf, secret, UploadForm.wheel("still-works", "1.0")))
                    .isEqualTo(200);
        }
    }

    @Test
    void pendingPublishersAreAddedListedWithExpiryAndRemoved() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            user(wharf, "alice");
            Browser browser = loggedIn(wharf, "alice");
            Document form = page(browser, "/account/publishing");
            assertThat(form.select("#github-owner_id-help").text()).contains("api.github.com/users");
            HttpResponse<String> bad = browser.submit(
                    form,
                    "form.add-github",
                    Map.of(
                            "project_name",
                            "future-thing",
                            "owner",
                            "octo",
                            "owner_id",
                            "not-digits",
                            "repository",
                            "repo",
                            "workflow",
                            "release.yml",
                            "environment",
                            ""));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(Jsoup.parse(bad.body()).select("#github ~ p.error").text())
                    .isNotEmpty();

            HttpResponse<String> added = browser.submit(
                    form,
                    "form.add-github",
                    Map.of(
                            "project_name",
                            "future-thing",
                            "owner",
                            "octo",
                            "owner_id",
                            "583231",
                            "repository",
                            "repo",
                            "workflow",
                            "release.yml",
                            "environment",
                            "pypi"));
            assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
            Document list = page(browser, "/account/publishing");
            assertThat(list.select("table.pending td").eachText().get(0)).isEqualTo("future-thing");
            assertThat(list.select("table.pending td").eachText().get(1)).startsWith("GitHub");
            assertThat(wharf.wharf()
                            .publisherService()
                            .pending(wharf.wharf()
                                    .users()
                                    .find("alice")
                                    .orElseThrow()
                                    .id()))
                    .hasSize(1);

            Browser bob = loggedIn(wharf, createAndReturn(wharf, "bob"));
            assertThat(page(bob, "/account/publishing").select("table.pending")).isEmpty();

            HttpResponse<String> removed = browser.submit(list, "form.remove-pending", Map.of());
            assertThat(removed.statusCode()).isEqualTo(303);
            assertThat(page(browser, "/account/publishing").select("table.pending"))
                    .isEmpty();
        }
    }

    @Test
    void aPendingPublisherMayNameAnIssuerAnAdministratorAddedButNoOther() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            wharf.wharf().issuers().add("https://ghe.example.org/_services/token", IssuerKind.GITHUB, Optional.empty());
            wharf.wharf().issuers().add("https://gitlab.example.org", IssuerKind.GITLAB, Optional.empty());
            User alice = user(wharf, "alice");
            Browser browser = loggedIn(wharf, "alice");
            Document form = page(browser, "/account/publishing");
            assertThat(form.select("label[for=github-issuer]").text()).isEqualTo("Issuer");
            // Four forms share field names, so each form's ids carry its kind: every label finds its own field.
            assertThat(form.select("label[for=gitlab-project_name]").text()).isEqualTo("PyPI project name");
            assertThat(form.select("[id]").eachAttr("id")).doesNotHaveDuplicates();
            assertThat(form.select("#github-issuer option").eachAttr("value"))
                    .containsExactly(GitHubIdentity.DEFAULT_ISSUER, "https://ghe.example.org/_services/token");
            assertThat(form.select("#gitlab-issuer option").eachAttr("value"))
                    .containsExactly(GitLabIdentity.DEFAULT_ISSUER, "https://gitlab.example.org");

            Map<String, String> github = new HashMap<>(Map.of(
                    "project_name",
                    "enterprise-thing",
                    "owner",
                    "octo",
                    "owner_id",
                    "583231",
                    "repository",
                    "repo",
                    "workflow",
                    "release.yml",
                    "environment",
                    "",
                    "issuer",
                    "https://evil.example.net"));
            HttpResponse<String> refused = browser.submit(form, "form.add-github", github);
            assertThat(refused.statusCode()).isEqualTo(400);
            Document again = Jsoup.parse(refused.body());
            assertThat(again.select("#github-error").text())
                    .isEqualTo("Choose one of the listed issuers; an administrator adds others.");
            assertThat(again.select("form.add-github input[name=owner]").val()).isEqualTo("octo");
            assertThat(wharf.wharf().publisherService().pending(alice.id())).isEmpty();

            github.put("issuer", "https://ghe.example.org/_services/token");
            assertThat(browser.submit(form, "form.add-github", github).statusCode())
                    .isEqualTo(303);
            HttpResponse<String> gitlab = browser.submit(
                    form,
                    "form.add-gitlab",
                    Map.of(
                            "project_name",
                            "self-managed-thing",
                            "namespace",
                            "group/sub",
                            "project",
                            "proj",
                            "workflow_filepath",
                            ".gitlab-ci.yml",
                            "environment",
                            "",
                            "issuer",
                            "https://gitlab.example.org"));
            assertThat(gitlab.statusCode()).as(gitlab.body()).isEqualTo(303);

            Map<String, PublisherIdentity> byProject = new HashMap<>();
            wharf.wharf()
                    .publisherService()
                    .pending(alice.id())
                    .forEach(p -> byProject.put(p.projectName(), p.identity()));
            assertThat(((GitHubIdentity) byProject.get("enterprise-thing")).issuerUrl())
                    .isEqualTo("https://ghe.example.org/_services/token");
            assertThat(((GitLabIdentity) byProject.get("self-managed-thing")).issuerUrl())
                    .isEqualTo("https://gitlab.example.org");
        }
    }

    private static String createAndReturn(TestWharf wharf, String name) {
        user(wharf, name);
        return name;
    }

    private static long rows(TestWharf wharf) {
        return wharf.wharf()
                .database()
                .read(h -> h.createQuery("SELECT count(*) FROM api_tokens")
                        .mapTo(Long.class)
                        .one());
    }
}
