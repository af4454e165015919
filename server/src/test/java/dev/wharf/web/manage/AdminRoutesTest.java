package dev.wharf.web.manage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.accounts.AccountPolicy;
import dev.wharf.accounts.RegistrationPolicy;
import dev.wharf.publishing.oidc.Issuer;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import dev.wharf.web.session.Browser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The administrator's pages over real HTTP. */
class AdminRoutesTest {
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

    private static Document page(HttpResponse<String> response) {
        return Jsoup.parse(response.body());
    }

    private long events(String kind) {
        return wharf.wharf()
                .database()
                .read(h -> h.createQuery("SELECT count(*) FROM events WHERE kind = :k")
                        .bind("k", kind)
                        .mapTo(Long.class)
                        .one());
    }

    @Test
    void nonAdministratorsGet404OnEveryAdminPage() throws Exception {
        Browser alice = fixture.as("alice");
        assertThat(alice.get("/admin/").statusCode()).isEqualTo(404);
        assertThat(alice.get("/admin/issuers").statusCode()).isEqualTo(404);
        String csrf = wharf.wharf()
                .sessions()
                .csrfToken(wharf.wharf()
                        .sessions()
                        .find(alice.cookies().get("wharf_session"))
                        .orElseThrow());
        assertThat(alice.post("/admin/policy", Map.of("csrf_token", csrf, "registration", "open"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(alice.post(
                                "/admin/issuers/add",
                                Map.of("csrf_token", csrf, "url", "https://gitlab.example.org", "kind", "gitlab"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(wharf.wharf().accountSettings().policy()).isEqualTo(AccountPolicy.DEFAULT);
        assertThat(wharf.wharf().issuers().list()).noneMatch(i -> i.url().equals("https://gitlab.example.org"));
    }

    @Test
    void theAdministratorSeesTheUsersAndSetsThePolicy() throws Exception {
        Browser root = fixture.as("root");
        Document users = page(root.get("/admin/"));
        assertThat(users.select("td.username").eachText()).containsExactly("alice", "bob", "carol", "root");
        assertThat(users.select("#registration option[selected]").attr("value")).isEqualTo("closed");
        assertThat(users.select("label[for=require_2fa]")).hasSize(1);

        HttpResponse<String> saved = root.submit(
                "/admin/", "form[action$=/admin/policy]", Map.of("registration", "invite-only", "require_2fa", "on"));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(wharf.wharf().accountSettings().policy())
                .isEqualTo(new AccountPolicy(RegistrationPolicy.INVITE_ONLY, true));
        Document after = page(root.get("/admin/"));
        assertThat(after.select(".flash").text()).startsWith("Account policy saved: registration invite-only");
        assertThat(after.select("#require_2fa").hasAttr("checked")).isTrue();
        assertThat(events("admin:policy-changed")).isEqualTo(1);

        // Unchecking the box is the field's absence.
        Map<String, String> unchecked = new HashMap<>();
        unchecked.put("require_2fa", null);
        root.submit("/admin/", "form[action$=/admin/policy]", unchecked);
        assertThat(wharf.wharf().accountSettings().policy().require2faForPublishing())
                .isFalse();

        HttpResponse<String> bad =
                root.submit("/admin/", "form[action$=/admin/policy]", Map.of("registration", "everyone"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(page(bad).select("p.error").text()).isEqualTo("Choose open, invite-only or closed.");
    }

    @Test
    void theAdministratorAddsAndRemovesIssuersAndSeesRefusals() throws Exception {
        Browser root = fixture.as("root");
        Document listed = page(root.get("/admin/issuers"));
        assertThat(listed.select("td.url").eachText())
                .contains("https://token.actions.githubusercontent.com", "https://gitlab.com");
        assertThat(listed.select("form[action$=/admin/issuers/remove]")).isEmpty();

        HttpResponse<String> added = root.submit(
                "/admin/issuers",
                "form[action$=/admin/issuers/add]",
                Map.of("url", "https://gitlab.example.org", "kind", "gitlab"));
        assertThat(added.statusCode()).isEqualTo(303);
        assertThat(wharf.wharf().issuers().list()).extracting(Issuer::url).contains("https://gitlab.example.org");
        assertThat(events("admin:issuer-added")).isEqualTo(1);

        HttpResponse<String> duplicate = root.submit(
                "/admin/issuers",
                "form[action$=/admin/issuers/add]",
                Map.of("url", "https://gitlab.example.org", "kind", "gitlab"));
        assertThat(duplicate.statusCode()).isIn(400, 409);
        assertThat(page(duplicate).select("p.error").text()).isNotEmpty();
        assertThat(page(duplicate).select("#issuer-url").attr("value")).isEqualTo("https://gitlab.example.org");

        HttpResponse<String> badJwks = root.submit(
                "/admin/issuers",
                "form[action$=/admin/issuers/add]",
                Map.of("url", "https://ghes.example.org/_services/token", "kind", "github", "jwks", "not json"));
        assertThat(page(badJwks).select("p.error").text()).contains("\"keys\"");
        assertThat(page(badJwks).select("#issuer-jwks").text()).isEqualTo("not json");

        HttpResponse<String> removed = root.submit("/admin/issuers", "form[action$=/admin/issuers/remove]", Map.of());
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(wharf.wharf().issuers().list()).noneMatch(i -> i.url().equals("https://gitlab.example.org"));
        assertThat(events("admin:issuer-removed")).isEqualTo(1);
    }

    @Test
    void anInvitationCodeIsShownOnceAndRegistersOnePersonUnderInviteOnly() throws Exception {
        wharf.wharf()
                .accountSettings()
                .setPolicy(
                        wharf.wharf().users().find("root").orElseThrow(),
                        new AccountPolicy(RegistrationPolicy.INVITE_ONLY, false));
        Browser root = fixture.as("root");
        Document admin = page(root.get("/admin/"));
        assertThat(admin.select("label[for=valid_days]").text()).isEqualTo("Valid for");
        assertThat(admin.select("#valid_days option").eachAttr("value")).containsExactly("1", "7", "30");

        HttpResponse<String> refused = root.submit(admin, "form.create-invite", Map.of("valid_days", "365"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(page(refused).select("#valid_days-error").text())
                .isEqualTo("Choose one of the listed validity periods.");
        assertThat(events("admin:invite-created")).isZero();

        HttpResponse<String> created = root.submit(admin, "form.create-invite", Map.of("valid_days", "1"));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        String code = page(created).select("input#invite-code").val();
        assertThat(code).hasSize(43);
        assertThat(page(root.get("/admin/")).html()).doesNotContain(code);
        assertThat(events("admin:invite-created")).isEqualTo(1);

        HttpResponse<String> registered = register("dora", code);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(303);
        assertThat(wharf.wharf().users().find("dora")).isPresent();

        HttpResponse<String> again = register("eve", code);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(page(again).select("#invite-error").text()).isNotEmpty();
        assertThat(wharf.wharf().users().find("eve")).isEmpty();
    }

    private HttpResponse<String> register(String name, String invite) throws Exception {
        Browser visitor = new Browser(wharf.url().toString());
        return visitor.submit(
                "/account/register",
                "form.register",
                Map.of(
                        "username",
                        name,
                        "email",
                        name + "@example.org",
                        "password",
                        "a long enough password",
                        "password_confirm",
                        "a long enough password",
                        "invite",
                        invite));
    }
}
