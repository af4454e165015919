package dev.wharf.web.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session filter itself; the pages that use it are tested in {@code dev.wharf.web.account}. */
class WebSessionsTest {
    @TempDir
    Path scratch;

    @Test
    void aPostWithoutACsrfTokenIsRefusedBeforeAnyHandler() throws Exception {
        try (TestWharf wharf = TestWharf.start(Dialect.SQLITE, scratch)) {
            Browser browser = new Browser(wharf.url().toString());
            HttpResponse<String> response = browser.post("/account/logout", Map.of());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains(WebSessions.EXPIRED_FORM);
            HttpResponse<String> wrong = browser.post("/search", Map.of("csrf_token", "forged"));
            assertThat(wrong.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void machinePathsAreNotLookedAt() {
        assertThat(WebSessions.isPagePath("/legacy/")).isFalse();
        assertThat(WebSessions.isPagePath("/simple/foo/")).isFalse();
        assertThat(WebSessions.isPagePath("/_/oidc/mint-token")).isFalse();
        assertThat(WebSessions.isPagePath("/static/wharf.css")).isFalse();
        assertThat(WebSessions.isPagePath("/account/login")).isTrue();
        assertThat(WebSessions.isPagePath("/project/foo/")).isTrue();
    }
}
