package dev.wharf.web.account;

import static dev.wharf.web.account.AccountTestSupport.PASSWORD;
import static dev.wharf.web.account.AccountTestSupport.login;
import static dev.wharf.web.account.AccountTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.accounts.TotpEnrollment;
import dev.wharf.accounts.User;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.AuthenticatorApp;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import dev.wharf.web.session.Browser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code server.private-reads}, a person whose login waits for the second factor is sent to
 * that step (and back to the page), not to the login page again.
 */
class PrivateReadsLoginTest {
    @TempDir
    Path scratch;

    @Test
    void aPendingSecondFactorLeadsToTheTwoFactorStepAndThenToThePage() throws Exception {
        try (TestWharf wharf =
                TestWharf.start(Dialect.SQLITE, scratch, loader -> loader.flag("server.private-reads", true))) {
            HttpResponse<String> upload = wharf.upload(wharf.userWithToken("alice"), UploadForm.wheel("quiet", "1.0"));
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
            User carol = user(wharf, "carol");
            TotpEnrollment enrollment = wharf.wharf().twoFactor().enrollmentStart(carol.id());
            wharf.wharf().twoFactor().enrollmentConfirm(carol.id(), AuthenticatorApp.code(enrollment.secret(), 0));

            Browser browser = new Browser(wharf.url().toString());
            assertThat(login(browser, "carol", PASSWORD).statusCode()).isEqualTo(303);
            HttpResponse<String> page = browser.get("/project/quiet/");
            assertThat(page.statusCode()).isEqualTo(303);
            assertThat(Browser.location(page)).isEqualTo("/account/two-factor/verify?next=%2Fproject%2Fquiet%2F");

            HttpResponse<String> verified = browser.submit(
                    Browser.location(page),
                    "form.verify",
                    Map.of("code", AuthenticatorApp.code(enrollment.secret(), 1)));
            assertThat(verified.statusCode()).isEqualTo(303);
            assertThat(Browser.location(verified)).isEqualTo("/project/quiet/");
            HttpResponse<String> opened = browser.get("/project/quiet/");
            assertThat(opened.statusCode()).isEqualTo(200);
            assertThat(opened.body()).contains("quiet");
        }
    }
}
