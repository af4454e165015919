package dev.wharf.web.manage;

import static dev.wharf.web.manage.ManageFixture.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.indexes.IndexName;
import dev.wharf.indexes.VirtualIndex;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestDistributions;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import dev.wharf.web.session.Browser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexes in the web pages: the administrator's {@code /admin/indexes} (add, serve at /simple/,
 * remove, and the hosted names found upstream), the index list on the home page, and a project
 * owner's switch for merging upstream files under the project's name.
 */
class IndexAdminRoutesTest {
    @TempDir
    Path scratch;

    private TestWharf upstream;
    private TestWharf wharf;
    private ManageFixture fixture;

    @BeforeEach
    void start() throws Exception {
        upstream = TestWharf.start(Dialect.SQLITE, scratch.resolve("up"));
        TestDistributions.Wheel wheel = TestDistributions.wheel("sample", "9.0");
        HttpResponse<String> published = upstream.upload(
                upstream.userWithToken("mallory"),
                UploadForm.wheel("sample", "9.0", wheel).content(wheel.bytes()));
        assertThat(published.statusCode()).isEqualTo(200);
        wharf = TestWharf.start(Dialect.SQLITE, scratch.resolve("down"));
        fixture = new ManageFixture(wharf);
    }

    @AfterEach
    void stop() {
        wharf.close();
        upstream.close();
    }

    private static Document page(HttpResponse<String> response) {
        return Jsoup.parse(response.body());
    }

    @Test
    void anAdministratorAddsAMirrorAndAVirtualIndexServesItAndSeesTheShadowedNames() throws Exception {
        Browser root = fixture.as("root");
        HttpResponse<String> mirror = root.submit(
                "/admin/indexes",
                "form[aria-labelledby=add-mirror-heading]",
                Map.of("name", "pypi", "upstream", upstream.url("/simple/"), "min_age", "3d"));
        HttpResponse<String> virtual = root.submit(
                "/admin/indexes",
                "form[aria-labelledby=add-virtual-heading]",
                Map.of("name", "all", "members", "hosted, pypi", "protect", "acme-*"));

        assertThat(mirror.statusCode()).as(mirror.body()).isEqualTo(303);
        assertThat(virtual.statusCode()).as(virtual.body()).isEqualTo(303);
        Document listed = page(root.get("/admin/indexes"));
        assertThat(listed.select("table.indexes tbody tr td:first-child").eachText())
                .containsExactly("hosted", "all", "pypi");
        assertThat(listed.text()).contains("files hidden until 3d old").contains("also protects acme-*");

        HttpResponse<String> serve =
                root.submit("/admin/indexes", "form[action$=/admin/indexes/default]:has(input[value=all])", Map.of());
        assertThat(serve.statusCode()).isEqualTo(303);
        assertThat(wharf.wharf().indexes().defaultIndex()).isEqualTo(new IndexName("all"));

        Document shadowed = page(root.get("/admin/indexes/shadowed"));
        assertThat(shadowed.select("tbody tr").eachText()).containsExactly("sample pypi no (protected)");

        Document home = page(root.get("/"));
        assertThat(home.select("section.indexes li").eachText())
                .anySatisfy(line -> assertThat(line).contains("/i/all/simple/").contains("hosted + pypi"));
    }

    @Test
    void aRefusedDefinitionIsShownWithTheTypedValuesAndChangesNothing() throws Exception {
        HttpResponse<String> refused = fixture.as("root")
                .submit(
                        "/admin/indexes",
                        "form[aria-labelledby=add-virtual-heading]",
                        Map.of("name", "all", "members", "hosted, nowhere"));

        assertThat(refused.statusCode()).isEqualTo(400);
        Document shown = page(refused);
        assertThat(shown.select("p.error").text()).contains("\"nowhere\" is not an index");
        assertThat(shown.select("#virtual-members").val()).isEqualTo("hosted, nowhere");
        assertThat(wharf.wharf().indexes().list()).isEmpty();
        assertThat(fixture.as("alice").get("/admin/indexes").statusCode()).isEqualTo(404);
    }

    @Test
    void onlyAnOwnerLetsUpstreamFilesMergeUnderTheProjectsName() throws Exception {
        wharf.wharf()
                .indexes()
                .add(new VirtualIndex(new IndexName("all"), List.of(new IndexName("hosted")), List.of()));
        Document overview = page(fixture.as("alice").get(PROJECT));
        assertThat(overview.text()).contains("from this index only");

        Browser bob = fixture.as("bob");
        assertThat(page(bob.get(PROJECT)).select("form[action$=/upstream-merge]"))
                .isEmpty();
        String csrf = wharf.wharf()
                .sessions()
                .csrfToken(wharf.wharf()
                        .sessions()
                        .find(bob.cookies().get("wharf_session"))
                        .orElseThrow());
        HttpResponse<String> bobTries =
                bob.post(PROJECT + "upstream-merge", Map.of("csrf_token", csrf, "merge", "allow"));
        assertThat(bobTries.statusCode()).isEqualTo(403);
        assertThat(wharf.wharf().indexes().mergeAllowed("sample")).isFalse();

        HttpResponse<String> allowed = fixture.as("alice").submit(PROJECT, "form[action$=/upstream-merge]", Map.of());
        assertThat(allowed.statusCode()).isEqualTo(303);
        assertThat(wharf.wharf().indexes().mergeAllowed("sample")).isTrue();
        assertThat(page(fixture.as("alice").get(PROJECT)).text()).contains("beside yours");
        long events = wharf.wharf()
                .database()
                .read(h -> h.createQuery("SELECT count(*) FROM events WHERE kind = 'project:upstream_merge_allowed'")
                        .mapTo(Long.class)
                        .one());
        assertThat(events).isEqualTo(1);
    }
}
