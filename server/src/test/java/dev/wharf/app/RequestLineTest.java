package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.PublishedProject;
import dev.wharf.testing.RawHttp;
import dev.wharf.testing.TestWharf;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the request line alone decides, over raw HTTP: malformed escapes are the client's 400, other
 * methods on the machine endpoints are 405 with {@code Allow}, HEAD answers as GET does, and
 * redirects carry percent-encoded locations. None of these may be a 500 or a 200 that hides a
 * redirect.
 */
class RequestLineTest {
    @TempDir
    static Path scratch;

    private static TestWharf wharf;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        wharf = TestWharf.start(Dialect.SQLITE, scratch);
        http = new RawHttp(wharf.url());
        PublishedProject.publish(wharf);
    }

    @AfterAll
    static void stop() {
        wharf.close();
    }

    private static RawHttp.Response send(String method, String path) {
        return http.send(method, path, Map.of(), null);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/simple/%u002e",
                "/simple/%u002e/",
                "/packages/ab/cd/ef/%u0041.whl",
                "/pypi/%u0041/json",
                "/project/%u0041/",
                "/manage/project/%u0041/",
                "/.well-known/%u0041",
                "/simple/a%",
                "/simple/a%4/",
                "/search?q=%u0041",
                "/account/login?next=%zz"
            })
    void aMalformedPercentEscapeIsTheClientsError(String path) {
        for (String method : List.of("GET", "HEAD")) {
            RawHttp.Response response = send(method, path);
            assertThat(response.status()).as(method + " " + path).isEqualTo(400);
            if (method.equals("GET") && !path.endsWith("%") && !path.endsWith("%4/")) {
                assertThat(response.text()).contains("malformed percent-escape");
            }
        }
    }

    @Test
    void wellFormedEscapesStillWork() {
        assertThat(send("GET", "/simple/foo%2Dbar/").status()).isEqualTo(200);
        assertThat(send("GET", "/simple/Foo%5Fbar/").header("Location")).contains("/simple/foo-bar/");
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource({
        "PUT, /legacy/, POST",
        "DELETE, /legacy/, POST",
        "GET, /legacy/, POST",
        "PATCH, /legacy/, POST",
        "FOO, /legacy/, POST",
        "POST, /simple/, 'GET, HEAD'",
        "PUT, /simple/, 'GET, HEAD'",
        "DELETE, /simple/foo-bar/, 'GET, HEAD'",
        "FOO, /simple/foo-bar/, 'GET, HEAD'",
        "OPTIONS, /simple/, 'GET, HEAD'",
        "POST, /simple, 'GET, HEAD'",
        "PUT, /pypi/foo-bar/json, 'GET, HEAD'",
        "DELETE, /packages/ab/cd/ef/x.whl, 'GET, HEAD'"
    })
    void otherMethodsOnTheMachineEndpointsAre405WithAllow(String method, String path, String allow) {
        RawHttp.Response response = send(method, path);
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).contains(allow);
        assertThat(response.text()).startsWith("405 Method Not Allowed: ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/simple",
                "/simple/Foo_Bar/",
                "/simple/foo_bar",
                "/simple/foo-bar/",
                "/simple/nope/",
                "/pypi/Foo_Bar/json",
                "/pypi/foo-bar/json",
                "/pypi/nope/json",
                "/project/Foo_Bar",
                "/project/Foo_Bar/",
                "/project/foo-bar/",
                "/project/nope/",
                "/project/foo-bar/1.0/",
                "/admin",
                "/account",
                "/help/",
                "/"
            })
    void headAnswersWithGetsStatusAndLocation(String path) {
        RawHttp.Response get = send("GET", path);
        RawHttp.Response head = send("HEAD", path);
        assertThat(head.status()).as(path).isEqualTo(get.status());
        assertThat(head.header("Location")).as(path).isEqualTo(get.header("Location"));
        assertThat(head.header("Content-Type")).as(path).isEqualTo(get.header("Content-Type"));
        assertThat(head.body()).isEmpty();
    }

    @Test
    void anUploadDeclaringMoreThanAnyUploadMayBeIsRefusedAtOnceWith413() {
        String token = RawHttp.basicToken(wharf.userWithToken("carol"));
        Map<String, Object> before = wharf.snapshot();
        for (Map<String, String> headers : List.of(
                Map.of("Content-Length", "1000000000000", "Content-Type", "multipart/form-data; boundary=x"),
                Map.of(
                        "Content-Length",
                        "1000000000000",
                        "Content-Type",
                        "multipart/form-data; boundary=x",
                        "Authorization",
                        token))) {
            // No body follows: before, the server waited for it until its idle timeout, then said 403.
            RawHttp.Response response = http.send("POST", "/legacy/", headers, null);
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.text()).contains("larger than any upload this index accepts");
        }
        assertThat(wharf.snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource({
        "/simple/%3Cscript%3E, /simple/%3Cscript%3E/",
        "/simple/A%22B/, /simple/a%22b/",
        "/pypi/A%3Cb/json, /pypi/a%3Cb/json",
        "/project/A%3Cb, /project/a%3Cb/",
        "/project/A%3Cb/1%3E/, /project/a%3Cb/1%3E/",
        "/manage/project/a%3Cb, /manage/project/a%3Cb/"
    })
    void redirectLocationsArePercentEncoded(String path, String location) {
        RawHttp.Response response = send("GET", path);
        assertThat(response.status()).isBetween(301, 308);
        assertThat(response.header("Location"))
                .hasValueSatisfying(value -> assertThat(value).endsWith(location));
    }
}
