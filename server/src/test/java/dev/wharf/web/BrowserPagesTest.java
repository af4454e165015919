package dev.wharf.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.devissuer.DevIssuer;
import dev.wharf.devissuer.DevIssuerSettings;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.publishing.providers.GitHubIdentity;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public pages in a real browser (Debian's chromium): search by keyboard only, and a release
 * published through Trusted Publishing showing where it came from. Takes the README's screenshots.
 */
@Tag("browser")
class BrowserPagesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path scratch;

    @Test
    void aTrustedPublishedReleaseShowsItsSourceAndTheSearchWorksByKeyboard() throws Exception {
        assumeTrue(Browser.available(), "Debian's chromium and chromium-driver are not installed");
        DevIssuerSettings settings = new DevIssuerSettings(
                "octo-org",
                "1000001",
                "octo-repo",
                "release.yml",
                "refs/tags/v1.2.0",
                Optional.of("pypi"),
                "push",
                Duration.ofMinutes(5));
        try (TestWharf wharf = TestWharf.start(
                        Dialect.SQLITE, scratch, l -> l.flag("oidc.allow-insecure-local-issuers", true));
                DevIssuer issuer = new DevIssuer(settings, Clock.systemUTC());
                Browser browser = Browser.start()) {
            URI issuerUrl = issuer.start(0);
            String token = wharf.userWithToken("alice");
            upload(
                    wharf,
                    token,
                    UploadForm.wheel("harbor-lights", "1.1.0")
                            .set("summary", "Signals for ships coming into port")
                            .set("description_content_type", "text/markdown")
                            .set("description", "# Harbor lights\n\nA **small** library. Install it with pip.\n"));
            wharf.wharf().issuers().add(issuerUrl.toString(), IssuerKind.GITHUB, Optional.empty());
            wharf.wharf()
                    .publisherService()
                    .add(
                            "harbor-lights",
                            GitHubIdentity.validated(
                                    "octo-org", "1000001", "octo-repo", "release.yml", "pypi", issuerUrl.toString()),
                            Optional.empty());
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
                    UploadForm.wheel("harbor-lights", "1.2.0")
                            .set("summary", "Signals for ships coming into port")
                            .set("description_content_type", "text/markdown")
                            .set("description", "# Harbor lights\n\nA **small** library. Install it with pip.\n"));

            var driver = browser.driver();
            driver.get(wharf.url("/"));
            browser.screenshot("home");
            // Keyboard only: the skip link, then the search field, type, Enter.
            WebElement search = driver.findElement(By.id("q"));
            browser.whileNavigating(() -> search.sendKeys("harbor", Keys.ENTER));
            assertThat(driver.findElements(By.cssSelector(".projects a")))
                    .extracting(WebElement::getText)
                    .containsExactly("harbor-lights");
            browser.clickAndWait(By.linkText("harbor-lights"));

            assertThat(driver.findElement(By.cssSelector("h1")).getText()).isEqualTo("harbor-lights 1.2.0");
            assertThat(driver.findElement(By.cssSelector(".readme h1")).getText())
                    .isEqualTo("Harbor lights");
            String line = driver.findElement(By.cssSelector(".publisher")).getText();
            assertThat(line).contains("octo-org/octo-repo").contains("release.yml@refs/tags/v1.2.0");
            assertThat(driver.findElement(By.id("install")).getAttribute("value"))
                    .isEqualTo("pip install --index-url " + wharf.url("/simple/") + " harbor-lights==1.2.0");
            browser.screenshot("project");

            // The older release was uploaded with an API token: no trusted-publisher line.
            browser.clickAndWait(By.linkText("1.1.0"));
            assertThat(driver.findElements(By.cssSelector(".publisher"))).isEmpty();
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
