package dev.wharf.web.manage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.accounts.User;
import dev.wharf.accounts.Username;
import dev.wharf.projects.Role;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import dev.wharf.web.session.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A running Wharf with project {@code sample} owned by alice, bob its maintainer, carol a stranger
 * and root an administrator, and browsers signed in as each (sessions made directly, second
 * factor done, so the tests do not depend on the login page).
 */
final class ManageFixture {
    static final String PROJECT = "/manage/project/sample/";
    final TestWharf wharf;
    final UploadForm wheel;

    ManageFixture(TestWharf wharf) throws Exception {
        this.wharf = wharf;
        String token = wharf.userWithToken("alice");
        wheel = UploadForm.wheel("sample", "1.0");
        upload(token, wheel);
        upload(token, UploadForm.wheel("sample", "2.0"));
        User bob = user("bob", false);
        user("carol", false);
        user("root", true);
        wharf.wharf().collaborators().grant("sample", bob.id(), Role.MAINTAINER);
    }

    User user(String name, boolean admin) {
        return wharf.wharf().users().create(new Username(name), name + "@example.org", Optional.empty(), admin);
    }

    Browser as(String username) {
        long id = wharf.wharf().users().find(username).orElseThrow().id();
        Browser browser = new Browser(wharf.url().toString());
        browser.cookies()
                .put("wharf_session", wharf.wharf().sessions().create(id, true).rawId());
        return browser;
    }

    long userId(String username) {
        return wharf.wharf().users().find(username).orElseThrow().id();
    }

    private void upload(String token, UploadForm form) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(wharf.url("/legacy/")))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        ("__token__:" + token).getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", form.contentTypeHeader())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
