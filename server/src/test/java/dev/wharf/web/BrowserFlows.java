package dev.wharf.web;

import dev.wharf.accounts.AccountPolicy;
import dev.wharf.accounts.RegistrationPolicy;
import dev.wharf.accounts.User;
import dev.wharf.accounts.Username;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.testing.Browser;
import dev.wharf.testing.TestWharf;
import java.net.URI;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** Steps the browser flow tests share. */
final class BrowserFlows {
    private BrowserFlows() {}

    /** As an administrator would set it up: open registration, and the dev issuer trusted as GitHub. */
    static void openRegistrationAndTrust(TestWharf wharf, URI issuerUrl) {
        User admin = wharf.wharf().users().create(new Username("admin"), "admin@example.org", Optional.empty(), true);
        wharf.wharf().accountSettings().setPolicy(admin, new AccountPolicy(RegistrationPolicy.OPEN, false));
        wharf.wharf().issuers().add(issuerUrl.toString(), IssuerKind.GITHUB, Optional.empty());
    }

    /** Fills the registration form for {@code name}; the caller submits it (after a screenshot, if it takes one). */
    static void fillRegistration(Browser browser, TestWharf wharf, String name, String password) {
        WebDriver driver = browser.driver();
        driver.get(wharf.url("/account/register"));
        driver.findElement(By.id("username")).sendKeys(name);
        driver.findElement(By.id("email")).sendKeys(name + "@example.org");
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("password_confirm")).sendKeys(password);
    }
}
