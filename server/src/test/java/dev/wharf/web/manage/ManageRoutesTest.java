package dev.wharf.web.manage;

import static dev.wharf.web.manage.ManageFixture.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.accounts.AccountPolicy;
import dev.wharf.accounts.RegistrationPolicy;
import dev.wharf.accounts.User;
import dev.wharf.projects.CollaboratorException;
import dev.wharf.publishing.StoredPublisher;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import dev.wharf.web.session.Browser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Project settings over real HTTP: forms read with jsoup, submitted by a cookie-keeping browser. */
class ManageRoutesTest {
    @TempDir
    Path scratch;

    private TestWharf wharf;
    private ManageFixture fixture;

    @BeforeEach
    void start() throws Exception {
        wharf = TestWharf.start(Dialect.SQLITE, scratch);
        fixture = new ManageFixture(wharf);
    }

    @AfterEach
    void stop() {
        wharf.close();
    }

    private static Map<String, String> values(String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return values;
    }

    private static Document page(HttpResponse<String> response) {
        return Jsoup.parse(response.body());
    }

    private List<StoredPublisher> publishers() {
        return wharf.wharf().publisherService().list("sample");
    }

    @Test
    void anOwnerAddsAGitHubPublisherAndSeesItListedWithAFlashMessage() throws Exception {
        Browser alice = fixture.as("alice");
        HttpResponse<String> response = alice.submit(
                PROJECT + "publishing",
                "form[action$=/publishing/add/github]",
                values(
                        "owner",
                        "octo-org",
                        "owner_id",
                        "1234",
                        "repository",
                        "sample",
                        "workflow_filename",
                        "release.yml",
                        "environment",
                        "PyPI"));
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(Browser.location(response)).isEqualTo(PROJECT + "publishing");

        Document listed = page(alice.get(PROJECT + "publishing"));
        assertThat(listed.select(".flash").text()).startsWith("Added GitHub publisher octo-org/sample");
        assertThat(listed.select("td.kind").eachText()).containsExactly("GitHub");
        assertThat(listed.select("td.environment").text()).isEqualTo("pypi");
        assertThat(listed.select("td.issuer").text()).isEqualTo(GitHubIdentity.DEFAULT_ISSUER);
        GitHubIdentity stored = (GitHubIdentity) publishers().getFirst().identity();
        assertThat(stored.ownerId()).isEqualTo("1234");
        // The flash is shown once.
        assertThat(page(alice.get(PROJECT + "publishing")).select(".flash")).isEmpty();
    }

    @Test
    void everyPublisherFormHasLabelledFieldsWithHelp() throws Exception {
        Document form = page(fixture.as("alice").get(PROJECT + "publishing"));
        for (String kind : List.of("github", "gitlab", "google", "activestate")) {
            assertThat(form.select("form[action$=/publishing/add/" + kind + "]"))
                    .as(kind)
                    .hasSize(1);
        }
        for (var input : form.select(
                "form[action*=/publishing/add/] input:not([type=hidden]), form[action*=/publishing/add/] select")) {
            assertThat(form.select("label[for=" + input.id() + "]"))
                    .as(input.id())
                    .hasSize(1);
            String help = input.attr("aria-describedby");
            assertThat(form.getElementById(help)).as(input.id()).isNotNull();
        }
        assertThat(form.getElementById("github-owner_id-help").text()).contains("https://api.github.com/users/OWNER");
        assertThat(form.getElementById("github-environment-help").text()).contains("Any environment when empty");
        assertThat(form.select("#github-issuer option").eachText()).containsExactly("github.com");
        assertThat(form.select("#gitlab-issuer option").eachText()).containsExactly("gitlab.com");
    }

    @Test
    void aRefusedPublisherFormIsShownAgainWithTheFactorysMessageAndTheTypedValues() throws Exception {
        Browser alice = fixture.as("alice");
        HttpResponse<String> response = alice.submit(
                PROJECT + "publishing",
                "form[action$=/publishing/add/github]",
                values(
                        "owner",
                        "octo-org",
                        "owner_id",
                        "octo",
                        "repository",
                        "sample",
                        "workflow_filename",
                        "release.yml"));
        assertThat(response.statusCode()).isEqualTo(400);
        Document again = page(response);
        assertThat(again.select("#github-error").text())
                .isEqualTo(
                        "The GitHub owner ID must be a number: find it as \"id\" in https://api.github.com/users/octo-org.");
        assertThat(again.select("#github-owner").attr("value")).isEqualTo("octo-org");
        assertThat(again.select("#gitlab-namespace").attr("value")).isEmpty();
        assertThat(publishers()).isEmpty();
    }

    @Test
    void gitLabGoogleAndActiveStateFormsAddTheirPublishersAndValidate() throws Exception {
        Browser alice = fixture.as("alice");
        String page = PROJECT + "publishing";
        assertThat(alice.submit(
                                page,
                                "form[action$=/add/gitlab]",
                                values(
                                        "namespace",
                                        "group/sub",
                                        "project",
                                        "sample",
                                        "workflow_filepath",
                                        ".gitlab-ci.yml"))
                        .statusCode())
                .isEqualTo(303);
        assertThat(alice.submit(page, "form[action$=/add/google]", values("email", "ci@proj.iam.gserviceaccount.com"))
                        .statusCode())
                .isEqualTo(303);
        assertThat(alice.submit(
                                page,
                                "form[action$=/add/activestate]",
                                values(
                                        "organization",
                                        "org",
                                        "project",
                                        "sample",
                                        "actor",
                                        "someone",
                                        "actor_id",
                                        "abc-123"))
                        .statusCode())
                .isEqualTo(303);
        assertThat(page(alice.get(page)).select("td.kind").eachText())
                .containsExactlyInAnyOrder("GitLab", "Google", "ActiveState");

        HttpResponse<String> badGitLab = alice.submit(
                page,
                "form[action$=/add/gitlab]",
                values("namespace", "group", "project", "sample", "workflow_filepath", "ci.txt"));
        assertThat(page(badGitLab).select("#gitlab-error").text())
                .isEqualTo("Top-level pipeline file path must end with .yml or .yaml");
        HttpResponse<String> badGoogle =
                alice.submit(page, "form[action$=/add/google]", values("email", "not an address"));
        assertThat(page(badGoogle).select("#google-error").text()).isEqualTo("Invalid email address 'not an address'.");
        HttpResponse<String> badActiveState = alice.submit(
                page,
                "form[action$=/add/activestate]",
                values("organization", "o:rg", "project", "sample", "actor", "a", "actor_id", "1"));
        assertThat(page(badActiveState).select("#activestate-error").text())
                .isEqualTo("ActiveState organization must not contain ':', '/' or spaces.");
        assertThat(publishers()).hasSize(3);
    }

    @Test
    void anIssuerTheSelectDidNotOfferIsRefused() throws Exception {
        HttpResponse<String> response = fixture.as("alice")
                .submit(
                        PROJECT + "publishing",
                        "form[action$=/add/gitlab]",
                        values(
                                "namespace",
                                "group",
                                "project",
                                "sample",
                                "workflow_filepath",
                                ".gitlab-ci.yml",
                                "issuer",
                                "https://gitlab.evil.example"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(page(response).select("#gitlab-error").text()).startsWith("Choose one of the listed issuers");
        assertThat(publishers()).isEmpty();
    }

    @Test
    void anAdminAddedGitLabIssuerIsOfferedAndUsed() throws Exception {
        wharf.wharf()
                .issuers()
                .add("https://gitlab.example.org", dev.wharf.publishing.oidc.IssuerKind.GITLAB, Optional.empty());
        Browser alice = fixture.as("alice");
        Document form = page(alice.get(PROJECT + "publishing"));
        assertThat(form.select("#gitlab-issuer option").eachAttr("value"))
                .containsExactly("https://gitlab.com", "https://gitlab.example.org");
        assertThat(form.select("#github-issuer option").eachAttr("value"))
                .containsExactly(GitHubIdentity.DEFAULT_ISSUER);
        assertThat(alice.submit(
                                PROJECT + "publishing",
                                "form[action$=/add/gitlab]",
                                values(
                                        "namespace",
                                        "group",
                                        "project",
                                        "sample",
                                        "workflow_filepath",
                                        ".gitlab-ci.yml",
                                        "issuer",
                                        "https://gitlab.example.org"))
                        .statusCode())
                .isEqualTo(303);
        assertThat(publishers().getFirst().identity().issuerUrl()).isEqualTo("https://gitlab.example.org");
    }

    @Test
    void anOwnerRemovesAPublisher() throws Exception {
        wharf.wharf()
                .publisherService()
                .add("sample", GitHubIdentity.validated("o", "1", "r", "w.yml", ""), Optional.empty());
        Browser alice = fixture.as("alice");
        HttpResponse<String> response =
                alice.submit(PROJECT + "publishing", "form[action$=/publishing/remove]", Map.of());
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(publishers()).isEmpty();
        Document history = page(alice.get(PROJECT + "history"));
        assertThat(history.select("td.kind").eachText())
                .contains("project:oidc:publisher-added", "project:oidc:publisher-removed");
        assertThat(history.select("tr:has(td.kind:contains(publisher-removed)) td")
                        .eachText())
                .contains("alice");

        String csrf = wharf.wharf()
                .sessions()
                .csrfToken(wharf.wharf()
                        .sessions()
                        .find(alice.cookies().get("wharf_session"))
                        .orElseThrow());
        assertThat(alice.post(PROJECT + "publishing/add/jenkins", Map.of("csrf_token", csrf))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aMaintainerReadsButCannotChange() throws Exception {
        wharf.wharf()
                .publisherService()
                .add("sample", GitHubIdentity.validated("o", "1", "r", "w.yml", ""), Optional.empty());
        Browser bob = fixture.as("bob");
        Document overview = page(bob.get(PROJECT));
        assertThat(overview.select(".readonly").text()).contains("only owners change them");
        Document publishing = page(bob.get(PROJECT + "publishing"));
        assertThat(publishing.select("td.kind").eachText()).containsExactly("GitHub");
        assertThat(publishing.select("main form[method=post]")).isEmpty();
        assertThat(page(bob.get(PROJECT + "collaborators")).select("main form[method=post]"))
                .isEmpty();
        assertThat(page(bob.get(PROJECT + "releases")).select("main form[method=post]"))
                .isEmpty();

        String csrf = wharf.wharf()
                .sessions()
                .csrfToken(wharf.wharf()
                        .sessions()
                        .find(bob.cookies().get("wharf_session"))
                        .orElseThrow());
        HttpResponse<String> add =
                bob.post(PROJECT + "publishing/add/google", Map.of("csrf_token", csrf, "email", "a@b.example"));
        assertThat(add.statusCode()).isEqualTo(403);
        long id = publishers().getFirst().id();
        assertThat(bob.post(
                                PROJECT + "publishing/remove",
                                Map.of("csrf_token", csrf, "publisher_id", Long.toString(id)))
                        .statusCode())
                .isEqualTo(403);
        assertThat(bob.post(PROJECT + "releases/yank", Map.of("csrf_token", csrf, "version", "1.0"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(publishers()).hasSize(1);
    }

    @Test
    void aStrangerAndAnUnknownProjectAreBoth404AndAnonymousVisitorsAreSentToLogIn() throws Exception {
        Browser carol = fixture.as("carol");
        HttpResponse<String> stranger = carol.get(PROJECT + "publishing");
        HttpResponse<String> unknown = carol.get("/manage/project/no-such-project/");
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(page(stranger).select(".refused").text()).isEqualTo("There is no project sample you can manage.");
        assertThat(stranger.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
        HttpResponse<String> anonymous = new Browser(wharf.url().toString()).get(PROJECT);
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(Browser.location(anonymous)).startsWith("/account/login");
    }

    @Test
    void signingInThroughTheLoginPageLeadsBackToTheSettingsWithSecurityHeaders() throws Exception {
        User dave = wharf.wharf()
                .users()
                .create(
                        new dev.wharf.accounts.Username("dave"),
                        "dave@example.org",
                        Optional.of("correct horse battery"),
                        false);
        wharf.wharf().collaborators().grant("sample", dave.id(), dev.wharf.projects.Role.OWNER);
        Browser browser = new Browser(wharf.url().toString());
        String login = Browser.location(browser.get(PROJECT + "publishing"));
        HttpResponse<String> signedIn =
                browser.submit(login, "form.login", Map.of("username", "dave", "password", "correct horse battery"));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        HttpResponse<String> settings = browser.open(Browser.location(signedIn));
        assertThat(settings.statusCode()).isEqualTo(200);
        assertThat(page(settings).select("h1").text()).isEqualTo("Manage sample");
        assertThat(settings.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("default-src 'none'")
                        .contains("form-action 'self'")
                        .doesNotContain("script-src"));
        assertThat(settings.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page(settings).select("script")).isEmpty();
    }

    @Test
    void theProjectPageLinksToSettingsForCollaboratorsOnly() throws Exception {
        assertThat(page(fixture.as("alice").get("/project/sample/"))
                        .select(".manage-link a")
                        .attr("href"))
                .isEqualTo(PROJECT);
        assertThat(page(fixture.as("bob").get("/project/sample/")).select(".manage-link a"))
                .hasSize(1);
        assertThat(page(fixture.as("carol").get("/project/sample/")).select(".manage-link"))
                .isEmpty();
        assertThat(page(new Browser(wharf.url().toString()).get("/project/sample/"))
                        .select(".manage-link"))
                .isEmpty();
    }

    @Test
    void aPostWithoutTheCsrfTokenChangesNothing() throws Exception {
        Browser alice = fixture.as("alice");
        HttpResponse<String> response = alice.submit(
                PROJECT + "publishing",
                "form[action$=/add/google]",
                values("email", "ci@proj.iam.gserviceaccount.com", "csrf_token", null));
        assertThat(response.statusCode()).isEqualTo(403);
        HttpResponse<String> forged = alice.submit(
                PROJECT + "collaborators",
                "form[action$=/collaborators/add]",
                values("username", "carol", "csrf_token", "forged"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(publishers()).isEmpty();
        assertThat(page(alice.get(PROJECT + "collaborators"))
                        .select("td.username")
                        .eachText())
                .noneMatch(t -> t.startsWith("carol"));
    }

    @Test
    void whenTheAdministratorRequiresTwoFactorAnOwnerWithoutItIsSentToSetItUp() throws Exception {
        User root = wharf.wharf().users().find("root").orElseThrow();
        wharf.wharf().accountSettings().setPolicy(root, new AccountPolicy(RegistrationPolicy.CLOSED, true));
        Browser alice = fixture.as("alice");
        HttpResponse<String> page = alice.get(PROJECT + "publishing");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page(page).select(".refused").text()).contains("requires two-factor authentication");
        assertThat(page(page).select(".refused a").attr("href")).isEqualTo("/account/two-factor");
        assertThat(page(page).select("form[action*=/publishing/]")).isEmpty();
        String csrf = wharf.wharf()
                .sessions()
                .csrfToken(wharf.wharf()
                        .sessions()
                        .find(alice.cookies().get("wharf_session"))
                        .orElseThrow());
        HttpResponse<String> add =
                alice.post(PROJECT + "publishing/add/google", Map.of("csrf_token", csrf, "email", "a@b.example"));
        assertThat(add.statusCode()).isEqualTo(403);
        assertThat(page(add).select("a").eachAttr("href")).contains("/account/two-factor");
        assertThat(publishers()).isEmpty();
    }

    @Test
    void collaboratorsAreAddedChangedAndRemovedButTheLastOwnerStays() throws Exception {
        Browser alice = fixture.as("alice");
        String page = PROJECT + "collaborators";
        HttpResponse<String> unknown =
                alice.submit(page, "form[action$=/collaborators/add]", values("username", "nobody"));
        assertThat(page(unknown).select("#add-error").text()).isEqualTo("There is no user named 'nobody'.");
        assertThat(alice.submit(page, "form[action$=/collaborators/add]", values("username", "carol", "role", "Owner"))
                        .statusCode())
                .isEqualTo(303);
        Document listed = page(alice.get(page));
        assertThat(listed.select(".flash").text()).isEqualTo("carol is now owner of sample.");
        assertThat(listed.select("td.role").eachText()).containsExactly("Owner", "Owner", "Maintainer");

        // carol leaves; then alice, the only owner, cannot make herself a maintainer or remove herself.
        String carolId = Long.toString(fixture.userId("carol"));
        assertThat(alice.submit(page, "form[action$=/collaborators/remove]:has(input[value=" + carolId + "])", Map.of())
                        .statusCode())
                .isEqualTo(303);
        String aliceId = Long.toString(fixture.userId("alice"));
        HttpResponse<String> demote = alice.submit(
                page,
                "form[action$=/collaborators/change]:has(input[value=" + aliceId + "])",
                values("role", "Maintainer"));
        assertThat(demote.statusCode()).isEqualTo(409);
        assertThat(page(demote).select("#change-error").text())
                .isEqualTo(CollaboratorException.lastOwner().getMessage());
        HttpResponse<String> leave =
                alice.submit(page, "form[action$=/collaborators/remove]:has(input[value=" + aliceId + "])", Map.of());
        assertThat(leave.statusCode()).isEqualTo(409);
        assertThat(page(alice.get(page)).select("td.role").eachText()).containsExactly("Owner", "Maintainer");

        String bobId = Long.toString(fixture.userId("bob"));
        assertThat(alice.submit(
                                page,
                                "form[action$=/collaborators/change]:has(input[value=" + bobId + "])",
                                values("role", "Owner"))
                        .statusCode())
                .isEqualTo(303);
        assertThat(page(alice.get(page)).select("td.role").eachText()).containsExactly("Owner", "Owner");
        assertThat(page(alice.get(PROJECT + "history")).select("td.kind").eachText())
                .contains("role:add", "role:remove", "role:change");
    }

    @Test
    void releasesAreYankedWithAReasonAndUnyanked() throws Exception {
        Browser alice = fixture.as("alice");
        String page = PROJECT + "releases";
        assertThat(alice.submit(
                                page,
                                "form[action$=/releases/yank]:has(input[value=1.0])",
                                values("reason", "broken build"))
                        .statusCode())
                .isEqualTo(303);
        Document yanked = page(alice.get(page));
        assertThat(yanked.select(".flash").text()).isEqualTo("Yanked 1.0.");
        assertThat(yanked.select("section[aria-labelledby='release-1.0'] p").text())
                .contains("Reason: broken build");
        assertThat(yanked.select("form[action$=/releases/unyank] input[name=version]")
                        .attr("value"))
                .isEqualTo("1.0");
        assertThat(alice.submit(page, "form[action$=/releases/unyank]", Map.of())
                        .statusCode())
                .isEqualTo(303);
        assertThat(page(alice.get(page)).select("form[action$=/releases/unyank]"))
                .isEmpty();
        assertThat(page(alice.get(PROJECT + "history")).select("td.kind").eachText())
                .contains("release:yank", "release:unyank");
    }

    @Test
    void deletingAFileNeedsItsNameTypedOut() throws Exception {
        Browser alice = fixture.as("alice");
        String page = PROJECT + "releases";
        String filename = fixture.wheel.filename();
        String form = "form[action$=/releases/delete-file]:has(input[value=" + filename + "])";
        HttpResponse<String> wrong = alice.submit(page, form, values("confirm", "sample"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(page(wrong).select("p.error").text())
                .isEqualTo("Type the file name exactly to confirm deleting " + filename + ".");
        assertThat(page(alice.get(page)).select("ul.files code").eachText()).contains(filename);

        assertThat(alice.submit(page, form, values("confirm", filename)).statusCode())
                .isEqualTo(303);
        Document after = page(alice.get(page));
        assertThat(after.select(".flash").text()).startsWith("Deleted " + filename);
        assertThat(after.select("ul.files code").eachText()).doesNotContain(filename);
        assertThat(page(alice.get(PROJECT + "history")).select("td.kind").eachText())
                .contains("file:delete");
    }
}
