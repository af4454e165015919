package dev.wharf.web.account;

import static dev.wharf.web.account.AccountTestSupport.PASSWORD;
import static dev.wharf.web.account.AccountTestSupport.loggedIn;
import static dev.wharf.web.account.AccountTestSupport.login;
import static dev.wharf.web.account.AccountTestSupport.page;
import static dev.wharf.web.account.AccountTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.accounts.RegistrationPolicy;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.AuthenticatorApp;
import dev.wharf.testing.TestWharf;
import dev.wharf.web.session.Browser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Register, log in (with and without two-factor), log out, change password, over real HTTP. */
class LoginRoutesTest {
    @TempDir
    Path scratch;

    @Test
    void registerLogOutAndLogInAgain() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            AccountTestSupport.openRegistration(wharf, RegistrationPolicy.OPEN);
            Browser browser = new Browser(wharf.url().toString());
            HttpResponse<String> registered = browser.submit(
                    "/account/register",
                    "form.register",
                    Map.of(
                            "username",
                            "alice",
                            "email",
                            "alice@example.org",
                            "password",
                            PASSWORD,
                            "password_confirm",
                            PASSWORD));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(303);
            assertThat(Browser.location(registered)).isEqualTo("/account/?done=registered");
            Document account = page(browser, "/account/?done=registered");
            assertThat(account.select(".flash").text()).contains("Welcome");
            assertThat(account.select("header .account a").text()).contains("alice");

            HttpResponse<String> out = browser.submit(account, "form.logout", Map.of());
            assertThat(out.statusCode()).isEqualTo(303);
            assertThat(browser.cookies()).doesNotContainKey("wharf_session");
            HttpResponse<String> guarded = browser.get("/account/tokens");
            assertThat(guarded.statusCode()).isEqualTo(303);
            assertThat(Browser.location(guarded)).isEqualTo("/account/login?next=%2Faccount%2Ftokens");

            HttpResponse<String> back = login(browser, "alice", PASSWORD);
            assertThat(back.statusCode()).isEqualTo(303);
            assertThat(page(browser, "/account/").select("h1").text()).isEqualTo("Your account");
        }
    }

    @Test
    void loginGoesBackToTheRequestedLocalPageOnly() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            user(wharf, "alice");
            Browser browser = new Browser(wharf.url().toString());
            HttpResponse<String> local = browser.submit(
                    "/account/login?next=%2Faccount%2Ftokens",
                    "form.login", Map.of("username", "alice", "password", PASSWORD));
            assertThat(Browser.location(local)).isEqualTo("/account/tokens");
            Browser other = new Browser(wharf.url().toString());
            HttpResponse<String> offsite = other.submit(
                    "/account/login?next=%2F%2Fevil.example%2F",
                    "form.login", Map.of("username", "alice", "password", PASSWORD));
            assertThat(Browser.location(offsite)).isEqualTo("/account/");
        }
    }

    @Test
    void closedRegistrationShowsNoFormAndCreatesNobody() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            Browser browser = new Browser(wharf.url().toString());
            Document form = page(browser, "/account/register");
            assertThat(form.select("form.register")).isEmpty();
            assertThat(form.text()).contains("Registration is closed");
            String csrf = page(browser, "/account/login")
                    .select("input[name=csrf_token]")
                    .val();
            Object before = wharf.snapshot();
            HttpResponse<String> refused = browser.post(
                    "/account/register",
                    Map.of(
                            "csrf_token",
                            csrf,
                            "username",
                            "mallory",
                            "email",
                            "m@example.org",
                            "password",
                            PASSWORD,
                            "password_confirm",
                            PASSWORD));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("Registration is closed");
            assertThat(wharf.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void inviteOnlyRegistrationAsksForTheCodeAndShowsErrorsNextToFields() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            AccountTestSupport.openRegistration(wharf, RegistrationPolicy.INVITE_ONLY);
            Browser browser = new Browser(wharf.url().toString());
            Document form = page(browser, "/account/register");
            assertThat(form.select("label[for=invite]").text()).isEqualTo("Invitation code");
            HttpResponse<String> refused = browser.submit(
                    form,
                    "form.register",
                    Map.of(
                            "username",
                            "bob",
                            "email",
                            "bob@example.org",
                            "password",
                            PASSWORD,
                            "password_confirm",
                            PASSWORD,
                            "invite",
                            "not-a-code"));
            assertThat(refused.statusCode()).isEqualTo(400);
            Document again = Jsoup.parse(refused.body());
            assertThat(again.select("#invite-error").text()).contains("not valid");
            assertThat(again.select("#invite").attr("aria-invalid")).isEqualTo("true");
            assertThat(again.select("#username").val()).isEqualTo("bob");
            assertThat(wharf.wharf().users().find("bob")).isEmpty();
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyLaxAndChangesAtEveryLogin() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            user(wharf, "alice");
            Browser browser = loggedIn(wharf, "alice");
            String header = browser.setCookieHeaders().stream()
                    .filter(h -> h.startsWith("wharf_session="))
                    .findFirst()
                    .orElseThrow();
            assertThat(header)
                    .contains("HttpOnly")
                    .contains("SameSite=Lax")
                    .contains("Path=/")
                    .doesNotContain("Secure");
            String first = browser.cookies().get("wharf_session");

            String csrf = page(browser, "/account/")
                    .select("form.logout input[name=csrf_token]")
                    .val();
            HttpResponse<String> again = browser.post(
                    "/account/login",
                    Map.of("csrf_token", csrf, "username", "alice", "password", PASSWORD, "next", "/account/"));
            assertThat(again.statusCode()).isEqualTo(303);
            String second = browser.cookies().get("wharf_session");
            assertThat(second).isNotEqualTo(first);

            Browser stale = new Browser(wharf.url().toString());
            stale.cookies().put("wharf_session", first);
            assertThat(stale.get("/account/").statusCode())
                    .as("the old id is dead")
                    .isEqualTo(303);
        }
    }

    @Test
    void aWrongPasswordGetsAGenericMessageAndTheSixthAttemptIsThrottled() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            user(wharf, "alice");
            Browser browser = new Browser(wharf.url().toString());
            HttpResponse<String> unknown = login(browser, "nobody", "whatever1");
            assertThat(Jsoup.parse(unknown.body()).select("#login-error").text())
                    .isEqualTo(LoginRoutes.WRONG_LOGIN);
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> wrong = login(browser, "alice", "wrong password " + i);
                assertThat(wrong.statusCode()).isEqualTo(400);
                assertThat(Jsoup.parse(wrong.body()).select("#login-error").text())
                        .isEqualTo(LoginRoutes.WRONG_LOGIN);
            }
            HttpResponse<String> throttled = login(browser, "alice", PASSWORD);
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
            assertThat(throttled.body()).contains("Too many failed logins");
            assertThat(browser.cookies()).doesNotContainKey("wharf_session");
        }
    }

    @Test
    void twentyFailuresFromOneAddressDoNotLockOutOtherPeopleThere() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            user(wharf, "alice");
            user(wharf, "bob");
            // Everyone here comes from 127.0.0.1, as everyone behind one NAT or an untrusted proxy does.
            Browser attacker = new Browser(wharf.url().toString());
            for (int i = 0; i < 20; i++) {
                assertThat(login(attacker, "victim" + i, "guess " + i).statusCode())
                        .isEqualTo(400);
            }
            for (String name : java.util.List.of("alice", "bob")) {
                Browser person = new Browser(wharf.url().toString());
                HttpResponse<String> signedIn = login(person, name, PASSWORD);
                assertThat(signedIn.statusCode()).as(name).isEqualTo(303);
                assertThat(person.cookies()).containsKey("wharf_session");
            }
        }
    }

    @Test
    void behindTrustedProxiesTheForwardedClientIsTheAddressThatIsCounted() throws Exception {
        try (TestWharf wharf = TestWharf.start(
                Dialect.SQLITE, scratch, loader -> loader.flag("server.trusted-proxies", "127.0.0.1"))) {
            Browser attacker = new Browser(wharf.url().toString()).header("X-Forwarded-For", "6.6.6.6, 198.51.100.66");
            for (int i = 0; i < 20; i++) {
                assertThat(login(attacker, "victim" + i, "guess " + i).statusCode())
                        .isEqualTo(400);
            }
            var throttle = wharf.wharf().loginThrottle();
            assertThat(throttle.addressOverLimit("198.51.100.66")).isTrue();
            assertThat(throttle.addressOverLimit("6.6.6.6"))
                    .as("a forged entry in front is not the client")
                    .isFalse();
            assertThat(throttle.addressOverLimit("127.0.0.1"))
                    .as("the proxy itself")
                    .isFalse();
        }
    }

    @Test
    void withoutTrustedProxiesXForwardedForIsIgnored() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            Browser client = new Browser(wharf.url().toString()).header("X-Forwarded-For", "198.51.100.66");
            for (int i = 0; i < 20; i++) {
                login(client, "victim" + i, "guess " + i);
            }
            assertThat(wharf.wharf().loginThrottle().addressOverLimit("127.0.0.1"))
                    .isTrue();
            assertThat(wharf.wharf().loginThrottle().addressOverLimit("198.51.100.66"))
                    .isFalse();
        }
    }

    @Test
    void twoFactorEnrolmentThenLoginWithATotpCodeAndWithARecoveryCode() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            user(wharf, "alice");
            Browser browser = loggedIn(wharf, "alice");
            HttpResponse<String> started = browser.submit("/account/two-factor", "form.start", Map.of());
            Document enroll = Jsoup.parse(started.body());
            String secret = enroll.select("#totp-secret").text();
            assertThat(enroll.select("#totp-uri").text()).startsWith("otpauth://totp/Wharf:alice?secret=" + secret);
            HttpResponse<String> confirmed =
                    browser.submit(enroll, "form.confirm", Map.of("code", AuthenticatorApp.code(secret, 0)));
            List<String> recovery =
                    Jsoup.parse(confirmed.body()).select(".recovery-codes code").eachText();
            assertThat(recovery).hasSize(10);
            assertThat(page(browser, "/account/two-factor").text())
                    .contains("is on")
                    .contains("10 unused recovery codes");

            browser.submit("/account/", "form.logout", Map.of());
            HttpResponse<String> password = login(browser, "alice", PASSWORD);
            assertThat(Browser.location(password)).startsWith("/account/two-factor/verify");
            assertThat(Browser.location(browser.get("/account/"))).isEqualTo("/account/two-factor/verify");
            String pendingId = browser.cookies().get("wharf_session");
            HttpResponse<String> wrong =
                    browser.submit("/account/two-factor/verify", "form.verify", Map.of("code", "000000"));
            assertThat(wrong.statusCode()).isEqualTo(400);
            HttpResponse<String> verified = browser.submit(
                    "/account/two-factor/verify", "form.verify", Map.of("code", AuthenticatorApp.code(secret, 1)));
            assertThat(verified.statusCode()).isEqualTo(303);
            assertThat(browser.cookies().get("wharf_session"))
                    .as("rotated at the second factor")
                    .isNotEqualTo(pendingId);
            assertThat(browser.get("/account/").statusCode()).isEqualTo(200);

            Browser other = new Browser(wharf.url().toString());
            login(other, "alice", PASSWORD);
            HttpResponse<String> byRecovery =
                    other.submit("/account/two-factor/verify", "form.verify", Map.of("code", recovery.get(0)));
            assertThat(byRecovery.statusCode()).isEqualTo(303);
            assertThat(other.get("/account/").statusCode()).isEqualTo(200);

            Browser replay = new Browser(wharf.url().toString());
            login(replay, "alice", PASSWORD);
            HttpResponse<String> spent =
                    replay.submit("/account/two-factor/verify", "form.verify", Map.of("code", recovery.get(0)));
            assertThat(spent.statusCode()).as("a recovery code works once").isEqualTo(400);

            HttpResponse<String> off =
                    browser.submit("/account/two-factor", "form.disable", Map.of("code", recovery.get(1)));
            assertThat(off.statusCode()).isEqualTo(303);
            assertThat(page(browser, "/account/two-factor").text()).contains("is off");
            Browser plain = new Browser(wharf.url().toString());
            assertThat(Browser.location(login(plain, "alice", PASSWORD))).isEqualTo("/account/");
        }
    }

    @Test
    void changingThePasswordEndsOtherSessionsAndKeepsThisOne() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            user(wharf, "alice");
            Browser here = loggedIn(wharf, "alice");
            Browser elsewhere = loggedIn(wharf, "alice");
            HttpResponse<String> wrong = here.submit(
                    "/account/password",
                    "form.password",
                    Map.of(
                            "current_password",
                            "not it at all",
                            "new_password",
                            "a new secret 1",
                            "new_password_confirm",
                            "a new secret 1"));
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(Jsoup.parse(wrong.body())
                            .select("#current_password-error")
                            .text())
                    .contains("not correct");

            HttpResponse<String> changed = here.submit(
                    "/account/password",
                    "form.password",
                    Map.of(
                            "current_password",
                            PASSWORD,
                            "new_password",
                            "a new secret 1",
                            "new_password_confirm",
                            "a new secret 1"));
            assertThat(changed.statusCode()).isEqualTo(303);
            assertThat(here.get("/account/").statusCode()).isEqualTo(200);
            assertThat(elsewhere.get("/account/").statusCode()).isEqualTo(303);
            assertThat(login(new Browser(wharf.url().toString()), "alice", "a new secret 1")
                            .statusCode())
                    .isEqualTo(303);
        }
    }

    @Test
    void everyFormRefusesAMissingOrWrongCsrfTokenAndChangesNothing() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            AccountTestSupport.openRegistration(wharf, RegistrationPolicy.OPEN);
            user(wharf, "alice");
            String token = wharf.userWithToken("carol");
            Browser browser = loggedIn(wharf, "alice");
            Browser anonymous = new Browser(wharf.url().toString());
            page(anonymous, "/account/login");
            Map<String, Map<String, String>> forms = Map.ofEntries(
                    Map.entry("/account/login", Map.of("username", "alice", "password", PASSWORD)),
                    Map.entry(
                            "/account/register",
                            Map.of(
                                    "username",
                                    "eve",
                                    "email",
                                    "eve@example.org",
                                    "password",
                                    PASSWORD,
                                    "password_confirm",
                                    PASSWORD)),
                    Map.entry("/account/logout", Map.of()),
                    Map.entry(
                            "/account/password",
                            Map.of(
                                    "current_password",
                                    PASSWORD,
                                    "new_password",
                                    "another one 1",
                                    "new_password_confirm",
                                    "another one 1")),
                    Map.entry("/account/tokens", Map.of("description", "x", "projects", "", "expiry_days", "30")),
                    Map.entry("/account/tokens/" + "0000/revoke", Map.of()),
                    Map.entry(
                            "/account/publishing/github",
                            Map.of(
                                    "project_name",
                                    "newproj",
                                    "owner",
                                    "octo",
                                    "owner_id",
                                    "1",
                                    "repository",
                                    "r",
                                    "workflow",
                                    "release.yml",
                                    "environment",
                                    "")),
                    Map.entry("/account/publishing/1/remove", Map.of()),
                    Map.entry("/account/two-factor/start", Map.of()),
                    Map.entry("/account/two-factor/confirm", Map.of("code", "123456")),
                    Map.entry("/account/two-factor/disable", Map.of("code", "123456")),
                    Map.entry("/account/two-factor/verify", Map.of("code", "123456")));
            Object before = wharf.snapshot();
            long tokensBefore = rows(wharf, "api_tokens");
            long totpBefore = rows(wharf, "totp_authenticators");
            for (var form : forms.entrySet()) {
                for (Browser who : List.of(browser, anonymous)) {
                    for (String csrf : new String[] {
                        null,
                        "forged-token",
                        page(new Browser(wharf.url().toString()), "/account/login")
                                .select("input[name=csrf_token]")
                                .val()
                    }) {
                        Map<String, String> fields = new HashMap<>(form.getValue());
                        if (csrf != null) {
                            fields.put("csrf_token", csrf);
                        }
                        String session = who.cookies().get("wharf_session");
                        HttpResponse<String> response = who.post(form.getKey(), fields);
                        assertThat(response.statusCode())
                                .as(form.getKey() + " with " + csrf)
                                .isEqualTo(403);
                        assertThat(response.body()).contains("The form expired or came from another site");
                        assertThat(who.cookies().get("wharf_session")).isEqualTo(session);
                    }
                }
            }
            assertThat(wharf.snapshot()).isEqualTo(before);
            assertThat(rows(wharf, "api_tokens")).isEqualTo(tokensBefore);
            assertThat(rows(wharf, "totp_authenticators")).isEqualTo(totpBefore);
            assertThat(browser.get("/account/").statusCode())
                    .as("still logged in")
                    .isEqualTo(200);
            assertThat(login(new Browser(wharf.url().toString()), "alice", PASSWORD)
                            .statusCode())
                    .as("password unchanged")
                    .isEqualTo(303);
            assertThat(token).startsWith("pypi-");
        }
    }

    private static long rows(TestWharf wharf, String table) {
        return wharf.wharf()
                .database()
                .read(h -> h.createQuery("SELECT count(*) FROM " + table)
                        .mapTo(Long.class)
                        .one());
    }
}
