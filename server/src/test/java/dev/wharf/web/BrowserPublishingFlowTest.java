package dev.wharf.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.devissuer.DevIssuer;
import dev.wharf.devissuer.DevIssuerSettings;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.AuthenticatorApp;
import dev.wharf.testing.Browser;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.json.JsonMapper;

/**
 * The owner's whole flow in a real browser (Debian's chromium): register, turn on two-factor
 * authentication, create an API token, create the project by an upload, add a GitHub trusted
 * publisher through the Publishing form, let a CI job (the dev issuer) exchange its token and
 * publish, and see the release's "published from" line. Screenshots go to docs/screenshots/.
 */
@Tag("browser")
class BrowserPublishingFlowTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path scratch;

    @Test
    void anOwnerSetsUpTrustedPublishingInTheBrowserAndACiJobPublishes() throws Exception {
        assumeTrue(Browser.available(), "Debian's chromium and chromium-driver are not installed");
        DevIssuerSettings settings = new DevIssuerSettings(
                "octo-org",
                "1000001",
                "lighthouse",
                "release.yml",
                "refs/tags/v2.0.0",
                Optional.of("pypi"),
                "push",
                Duration.ofMinutes(5));
        try (TestWharf wharf = TestWharf.start(
                        Dialect.SQLITE, scratch, l -> l.flag("oidc.allow-insecure-local-issuers", true));
                DevIssuer issuer = new DevIssuer(settings, Clock.systemUTC());
                Browser browser = Browser.start()) {
            URI issuerUrl = issuer.start(0);
            BrowserFlows.openRegistrationAndTrust(wharf, issuerUrl);
            WebDriver driver = browser.driver();

            // Register.
            BrowserFlows.fillRegistration(browser, wharf, "keeper", "a long lighthouse password");
            browser.screenshot("register");
            browser.clickAndWait(By.cssSelector("form.register button[type=submit]"));

            // Two-factor authentication with an authenticator app (the code computed as the app would).
            driver.get(wharf.url("/account/two-factor"));
            browser.clickAndWait(By.cssSelector("form.start button[type=submit]"));
            String secret = driver.findElement(By.id("totp-secret")).getText();
            driver.findElement(By.id("code")).sendKeys(AuthenticatorApp.code(secret, 0));
            browser.clickAndWait(By.cssSelector("form.confirm button[type=submit]"));
            assertThat(driver.getPageSource()).contains("ecovery");

            // An API token for the first upload, shown once.
            driver.get(wharf.url("/account/tokens"));
            driver.findElement(By.id("description")).sendKeys("laptop");
            browser.clickAndWait(By.cssSelector("form.create-token button[type=submit]"));
            String apiToken =
                    driver.findElement(By.id("token")).getAttribute("value").strip();
            assertThat(apiToken).startsWith("pypi-");
            upload(wharf, apiToken, UploadForm.wheel("lighthouse", "1.0.0").set("summary", "Keeps the light on"));

            // The trusted publisher, through the project's Publishing form.
            driver.get(wharf.url("/manage/project/lighthouse/publishing"));
            driver.findElement(By.id("github-owner")).sendKeys("octo-org");
            driver.findElement(By.id("github-owner_id")).sendKeys("1000001");
            driver.findElement(By.id("github-repository")).sendKeys("lighthouse");
            driver.findElement(By.id("github-workflow_filename")).sendKeys("release.yml");
            driver.findElement(By.id("github-environment")).sendKeys("pypi");
            new Select(driver.findElement(By.id("github-issuer"))).selectByValue(issuerUrl.toString());
            browser.clickAndWait(By.cssSelector("form[action$='publishing/add/github'] button[type=submit]"));
            assertThat(driver.getPageSource()).contains("octo-org/lighthouse");
            browser.screenshot("publishing-settings");

            // The CI job: exchange the OIDC token, upload with the minted token.
            String audience = JSON.readTree(get(wharf.url("/_/oidc/audience")))
                    .get("audience")
                    .asString();
            HttpResponse<String> minted = http.send(
                    HttpRequest.newBuilder(URI.create(wharf.url("/_/oidc/mint-token")))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + issuer.issue(audience) + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
            upload(
                    wharf,
                    JSON.readTree(minted.body()).get("token").asString(),
                    UploadForm.wheel("lighthouse", "2.0.0").set("summary", "Keeps the light on"));

            driver.get(wharf.url("/project/lighthouse/"));
            assertThat(driver.findElement(By.cssSelector("h1")).getText()).isEqualTo("lighthouse 2.0.0");
            assertThat(driver.findElement(By.cssSelector(".publisher")).getText())
                    .contains("octo-org/lighthouse")
                    .contains("release.yml@refs/tags/v2.0.0");
            browser.screenshot("project-published");
            driver.get(wharf.url("/manage/project/lighthouse/history"));
            assertThat(driver.getPageSource()).contains("oidc:mint").contains("file:upload");
            browser.screenshot("project-history");
        }
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private void upload(TestWharf wharf, String token, UploadForm form) {
        HttpResponse<String> response = wharf.upload(token, form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
