package dev.wharf.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.private-reads}: reads need an API token, answered with 401 and a Basic challenge as
 * pip and uv expect of private indexes; the pages for people also open to a signed-in web session
 * and send anyone else to log in.
 */
class ReadAccessTest {
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path scratch;

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(("__token__:" + token).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readsNeedATokenAndPipSendsTheOneInTheIndexUrl() throws Exception {
        try (TestWharf wharf =
                TestWharf.start(Dialect.SQLITE, scratch, loader -> loader.flag("server.private-reads", true))) {
            String token = wharf.userWithToken("alice");
            UploadForm form = UploadForm.wheel("privpkg", "1.0");
            HttpResponse<String> upload = http.send(
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
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);

            for (String path : List.of(
                    "/simple/", "/simple/privpkg/", "/pypi/privpkg/json", "/", "/search?q=priv", "/project/privpkg/")) {
                boolean page = !path.startsWith("/simple/") && !path.startsWith("/pypi/");
                HttpResponse<String> anonymous = get(wharf.url(path), null);
                HttpResponse<String> badToken = get(wharf.url(path), "pypi-" + "AgEIbm90LWEtdG9rZW4");
                if (page) {
                    // A person is sent to the login page, which brings them back here.
                    for (HttpResponse<String> refused : List.of(anonymous, badToken)) {
                        assertThat(refused.statusCode()).as(path).isEqualTo(303);
                        assertThat(refused.headers().firstValue("Location"))
                                .as(path)
                                .contains("/account/login?next="
                                        + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8));
                    }
                } else {
                    for (HttpResponse<String> refused : List.of(anonymous, badToken)) {
                        assertThat(refused.statusCode()).as(path).isEqualTo(401);
                        assertThat(refused.headers().firstValue("WWW-Authenticate"))
                                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
                    }
                }
                HttpResponse<String> allowed = get(wharf.url(path), token);
                assertThat(allowed.statusCode()).as(path).isEqualTo(200);
                assertThat(allowed.headers().firstValue("Cache-Control").orElse("private"))
                        .as(path)
                        .doesNotContain("public");
                assertThat(allowed.headers().allValues("Vary").toString())
                        .as(path)
                        .contains("Authorization");
            }

            // A person signed in to the web UI reads the pages; the tools' paths still want a token.
            wharf.wharf()
                    .users()
                    .create(
                            new dev.wharf.accounts.Username("bob"),
                            "bob@example.org",
                            java.util.Optional.of("a long enough password"),
                            false);
            dev.wharf.web.session.Browser browser =
                    new dev.wharf.web.session.Browser(wharf.url().toString());
            HttpResponse<String> login = browser.submit(
                    "/account/login?next=%2Fproject%2Fprivpkg%2F",
                    "form.login", java.util.Map.of("username", "bob", "password", "a long enough password"));
            assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
            for (String path : List.of("/", "/search?q=priv", "/project/privpkg/")) {
                HttpResponse<String> signedIn = browser.get(path);
                assertThat(signedIn.statusCode()).as(path).isEqualTo(200);
                assertThat(signedIn.body()).as(path).contains("privpkg");
            }
            assertThat(browser.get("/simple/privpkg/").statusCode()).isEqualTo(401);

            // Debian's pip puts the credentials of the index URL on every request, files included.
            Path dest = Files.createDirectories(scratch.resolve("dl"));
            String index = wharf.url("/simple/").replace("http://", "http://__token__:" + token + "@");
            ProcessBuilder builder = new ProcessBuilder(
                            "/usr/bin/python3",
                            "-m",
                            "pip",
                            "download",
                            "--no-cache-dir",
                            "--no-deps",
                            "--index-url",
                            index,
                            "--dest",
                            dest.toString(),
                            "privpkg==1.0")
                    .redirectErrorStream(true);
            // This machine's pip configuration (find-links, extra indexes) must not help pip find the file.
            builder.environment().keySet().removeIf(name -> name.startsWith("PIP_"));
            builder.environment().put("PIP_CONFIG_FILE", "/dev/null");
            builder.environment().put("HOME", scratch.toString());
            Process pip = builder.start();
            pip.getOutputStream().close();
            String output = new String(pip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(pip.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(pip.exitValue()).as(output.replace(token, "<token>")).isZero();
            assertThat(dest.resolve(form.filename())).exists();
        }
    }
}
