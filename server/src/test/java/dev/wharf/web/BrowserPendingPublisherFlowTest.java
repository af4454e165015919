package dev.wharf.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.devissuer.DevIssuer;
import dev.wharf.devissuer.DevIssuerSettings;
import dev.wharf.storage.db.Dialect;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.json.JsonMapper;

/**
 * A new project's first release from CI, in a real browser (Debian's chromium): register, add a
 * GitHub pending publisher for a project that does not exist yet on the account's Publishing page
 * (choosing an issuer an administrator added), let a CI job (the dev issuer) exchange its token and
 * upload, and see the project listed as yours with its "published from" line. Screenshots go to
 * docs/screenshots/.
 */
@Tag("browser")
class BrowserPendingPublisherFlowTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path scratch;

    @Test
    void aPendingPublisherLetsACiJobCreateTheProjectWithItsFirstUpload() throws Exception {
        assumeTrue(Browser.available(), "Debian's chromium and chromium-driver are not installed");
        DevIssuerSettings settings = new DevIssuerSettings(
                "octo-org",
                "1000001",
                "beacon",
                "release.yml",
                "refs/tags/v0.1.0",
                Optional.empty(),
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
            browser.clickAndWait(By.cssSelector("form.register button[type=submit]"));

            // The pending publisher, for a project nobody has created yet.
            driver.get(wharf.url("/account/publishing"));
            fill(driver, "project_name", "beacon");
            fill(driver, "owner", "octo-org");
            fill(driver, "owner_id", "1000001");
            fill(driver, "repository", "beacon");
            fill(driver, "workflow", "release.yml");
            new Select(driver.findElement(By.id("github-issuer"))).selectByValue(issuerUrl.toString());
            browser.clickAndWait(By.cssSelector("form.add-github button[type=submit]"));
            assertThat(driver.findElement(By.cssSelector("table.pending")).getText())
                    .contains("beacon")
                    .contains("octo-org/beacon");
            browser.screenshot("pending-publisher");

            // The CI job: exchange the OIDC token, upload the first release with the minted token.
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
                    UploadForm.wheel("beacon", "0.1.0").set("summary", "Shines from the first release"));

            driver.get(wharf.url("/account/"));
            assertThat(driver.findElements(By.cssSelector("ul.projects a")))
                    .extracting(WebElement::getText)
                    .contains("beacon");
            driver.get(wharf.url("/project/beacon/"));
            assertThat(driver.findElement(By.cssSelector("h1")).getText()).isEqualTo("beacon 0.1.0");
            assertThat(driver.findElement(By.cssSelector(".publisher")).getText())
                    .contains("octo-org/beacon")
                    .contains("release.yml@refs/tags/v0.1.0");
            browser.screenshot("project-from-pending");
        }
    }

    /** The account page has one form per publisher kind, so a field is found inside the GitHub form by name. */
    private static void fill(WebDriver driver, String name, String value) {
        driver.findElement(By.cssSelector("form.add-github input[name=" + name + "]"))
                .sendKeys(value);
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
