package dev.wharf.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.accounts.AccountPolicy;
import dev.wharf.accounts.RegistrationPolicy;
import dev.wharf.accounts.User;
import dev.wharf.accounts.Username;
import dev.wharf.testing.TestWharf;
import dev.wharf.web.session.Browser;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** Shared steps of the account page tests. */
final class AccountTestSupport {
    static final String PASSWORD = "correct horse battery";

    private AccountTestSupport() {}

    static User user(TestWharf wharf, String name) {
        return wharf.wharf().users().create(new Username(name), name + "@example.org", Optional.of(PASSWORD), false);
    }

    static void openRegistration(TestWharf wharf, RegistrationPolicy policy) {
        User admin = wharf.wharf().users().create(new Username("root"), "root@example.org", Optional.empty(), true);
        wharf.wharf().accountSettings().setPolicy(admin, new AccountPolicy(policy, false));
    }

    static HttpResponse<String> login(Browser browser, String name, String password) throws Exception {
        return browser.submit("/account/login", "form.login", Map.of("username", name, "password", password));
    }

    static Browser loggedIn(TestWharf wharf, String name) throws Exception {
        Browser browser = new Browser(wharf.url().toString());
        HttpResponse<String> response = login(browser, name, PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        return browser;
    }

    static Document page(Browser browser, String path) throws Exception {
        HttpResponse<String> response = browser.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Jsoup.parse(response.body());
    }
}
