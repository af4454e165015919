package dev.wharf.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages people read, over real HTTP, parsed with jsoup. */
class WebRoutesTest {
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path scratch;

    private void upload(TestWharf wharf, String token, UploadForm form) {
        HttpResponse<String> response = wharf.upload(token, form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpResponse<String> get(TestWharf wharf, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(wharf.url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHelpPageHasTheSiteLayoutAndEverySectionThatRefusalsLinkTo() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            HttpResponse<String> response = get(wharf, "/help/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            Document page = Jsoup.parse(response.body());
            assertThat(page.title()).isEqualTo("Help · Wharf");
            assertThat(page.select("header.top a.brand").attr("href")).isEqualTo("/");
            // The anchors the upload, token and exchange refusals name (upload, tokens, publishing packages).
            for (String anchor :
                    new String[] {"apitoken", "trusted-publishers", "invalid-auth", "project-name", "file-name-reuse"
                    }) {
                assertThat(page.getElementById(anchor)).as(anchor).isNotNull();
            }
        }
    }

    @Test
    void aProjectPageRendersMarkdownSafelyWithFilesHashesAndTheInstallCommand() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            String token = wharf.userWithToken("alice");
            UploadForm form = UploadForm.wheel("safe-page", "1.0")
                    .set("summary", "A <b>bold</b> claim")
                    .set("description_content_type", "text/markdown")
                    .set(
                            "description",
                            "# Title\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) "
                                    + "<img src=x onerror=alert(1)>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
            upload(wharf, token, form);

            HttpResponse<String> response = get(wharf, "/project/safe-page/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains("default-src 'none'")
                            .contains("frame-ancestors 'none'")
                            .doesNotContain("script-src"));
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            Document page = Jsoup.parse(response.body());
            assertThat(page.select("script")).isEmpty();
            assertThat(page.select("[onerror]")).isEmpty();
            assertThat(page.select("a[href^=javascript]")).isEmpty();
            assertThat(page.select(".readme h1").text()).isEqualTo("Title");
            assertThat(page.select(".readme table td").eachText()).containsExactly("1", "2");
            assertThat(page.select(".readme").text()).contains("<script>alert(1)</script>");
            assertThat(page.select(".summary").text()).isEqualTo("A <b>bold</b> claim");
            assertThat(page.select("#install").attr("value"))
                    .isEqualTo("pip install --index-url " + wharf.url("/simple/") + " safe-page==1.0");
            assertThat(page.select("table.files a").text()).isEqualTo(form.filename());
            assertThat(page.select("code.hash").text()).hasSize(64);
            assertThat(page.select(".owner").text()).isEqualTo("alice");
        }
    }

    @Test
    void reStructuredTextIsRenderedSafelyAndYankedReleasesSayWhy() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            String token = wharf.userWithToken("alice");
            upload(
                    wharf,
                    token,
                    UploadForm.wheel("rst-page", "1.0").set("description", "Title\n=====\n\n<script>x</script>"));
            upload(wharf, token, UploadForm.wheel("rst-page", "2.0"));
            wharf.wharf()
                    .projects()
                    .yank("rst-page", "2.0", java.util.Optional.of("broken build"), java.util.Optional.empty());

            Document latest = Jsoup.parse(get(wharf, "/project/rst-page/").body());
            // The latest non-yanked release is shown by default, as the JSON API chooses it.
            assertThat(latest.select("h1 .version").text()).isEqualTo("1.0");
            // reStructuredText (the default content type) is rendered; the author's markup stays text.
            assertThat(latest.select(".readme h1").text()).isEqualTo("Title");
            assertThat(latest.select(".readme").text()).contains("<script>x</script>");
            assertThat(latest.select("script")).isEmpty();
            assertThat(latest.select(".releases li").eachText())
                    .anyMatch(t -> t.contains("2.0") && t.contains("yanked"));

            Document yanked = Jsoup.parse(get(wharf, "/project/rst-page/2.0/").body());
            assertThat(yanked.select(".yanked").text()).contains("broken build");
        }
    }

    @Test
    void searchRedirectsAndNotFound() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            String token = wharf.userWithToken("alice");
            upload(wharf, token, UploadForm.wheel("findme", "1.0"));
            upload(wharf, token, UploadForm.wheel("other", "1.0"));
            Document found = Jsoup.parse(get(wharf, "/search?q=FindMe").body());
            assertThat(found.select(".projects a").eachText()).containsExactly("findme");
            Document nothing = Jsoup.parse(get(wharf, "/search?q=%25%25%27%22").body());
            assertThat(nothing.select(".projects a")).isEmpty();
            assertThat(get(wharf, "/project/FindMe/").statusCode()).isEqualTo(301);
            assertThat(get(wharf, "/project/nope/").statusCode()).isEqualTo(404);
            assertThat(get(wharf, "/project/findme/9.9/").statusCode()).isEqualTo(404);
            Document home = Jsoup.parse(get(wharf, "/").body());
            assertThat(home.select(".projects a").eachText()).containsExactlyInAnyOrder("findme", "other");
            assertThat(home.select("label[for=q]")).hasSize(1);
        }
    }
}
