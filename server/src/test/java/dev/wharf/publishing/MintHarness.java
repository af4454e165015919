package dev.wharf.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.accounts.Username;
import dev.wharf.config.ConfigLoader;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.RawHttp;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real {@link TestWharf} seen from a CI job: the Trusted Publishing endpoints over
 * {@link HttpClient} with JSON bodies, uploads as twine sends them, and the database read back
 * for what an exchange left behind (the {@code events} rows).
 */
final class MintHarness implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestWharf wharf;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String audience;

    private MintHarness(TestWharf wharf, boolean enabled) {
        this.wharf = wharf;
        if (enabled) {
            Response answer = get("/_/oidc/audience");
            assertThat(answer.status()).as("GET /_/oidc/audience: %s", answer).isEqualTo(200);
            this.audience = answer.json().get("audience").asString();
        } else {
            this.audience = null;
        }
    }

    /** Starts a Wharf and asks it for its audience. */
    static MintHarness start(Dialect dialect, Path scratch, Consumer<ConfigLoader> customize) {
        return new MintHarness(TestWharf.start(dialect, scratch, customize), true);
    }

    /** Starts a Wharf whose Trusted Publishing is switched off ({@code oidc.enabled=false}). */
    static MintHarness startDisabled(Dialect dialect, Path scratch) {
        return new MintHarness(TestWharf.start(dialect, scratch, loader -> loader.flag("oidc.enabled", false)), false);
    }

    TestWharf wharf() {
        return wharf;
    }

    /** What {@code GET /_/oidc/audience} answered. */
    String audience() {
        return audience;
    }

    /** One HTTP answer, body as text. */
    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The single error object of a 422 refusal. */
        JsonNode error() {
            JsonNode errors = json().get("errors");
            assertThat(errors.size()).as("exactly one error object in %s", body).isEqualTo(1);
            return errors.get(0);
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(wharf.url(path))).GET());
    }

    Response post(String path, byte[] body, String contentType) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(wharf.url(path))).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    /** {@code POST /_/oidc/mint-token} with {@code {"token": jwt}}, as the GitHub action sends it. */
    Response mint(String jwt) {
        return mintAt("/_/oidc/mint-token", jwt);
    }

    Response mintAt(String path, String jwt) {
        return post(path, JSON.writeValueAsBytes(Map.of("token", jwt)), "application/json");
    }

    /** Exchanges {@code jwt}, asserting success, and returns the {@code pypi-} token. */
    String mintedToken(String jwt) {
        Response answer = mint(jwt);
        assertThat(answer.status()).as("mint: %s", answer).isEqualTo(200);
        return answer.json().get("token").asString();
    }

    /** {@code POST /legacy/} with Basic {@code __token__:<token>}. */
    RawHttp.Response upload(String token, UploadForm form) {
        return new RawHttp(wharf.url()).upload(form, RawHttp.basicToken(token));
    }

    /** {@link TestWharf#snapshot()} plus every API token, the user's included: an exchange creates none of those. */
    Map<String, Object> snapshot() {
        Map<String, Object> state = new java.util.TreeMap<>(wharf.snapshot());
        state.put(
                "rows:api_tokens",
                wharf.wharf()
                        .database()
                        .read(h -> h.createQuery("SELECT count(*) FROM api_tokens")
                                .mapTo(Long.class)
                                .one()));
        return state;
    }

    /** Creates a user with an all-projects API token; returns the token. */
    String user(String name) {
        return wharf.userWithToken(name);
    }

    long userId(String name) {
        return wharf.wharf().users().find(name).orElseThrow().id();
    }

    /** Creates {@code project} owned by {@code owner} by uploading a first wheel with the owner's own token. */
    void createProject(String ownerToken, String project) {
        RawHttp.Response answer = upload(ownerToken, UploadForm.wheel(project, "0.1"));
        assertThat(answer.status()).as("creating %s: %s", project, answer).isEqualTo(200);
    }

    /** A stored event: its kind and its detail object. */
    record Event(long id, String kind, Optional<Long> projectId, JsonNode detail) {}

    long lastEventId() {
        return wharf.wharf()
                .database()
                .read(h -> h.createQuery("SELECT coalesce(max(id), 0) FROM events")
                        .mapTo(Long.class)
                        .one());
    }

    List<Event> eventsAfter(long id) {
        return wharf.wharf()
                .database()
                .read(h -> h.createQuery(
                                "SELECT id, kind, project_id, detail_json FROM events WHERE id > :id ORDER BY id")
                        .bind("id", id)
                        .map((rs, ctx) -> {
                            long project = rs.getLong("project_id");
                            Optional<Long> projectId = rs.wasNull() ? Optional.empty() : Optional.of(project);
                            return new Event(
                                    rs.getLong("id"),
                                    rs.getString("kind"),
                                    projectId,
                                    JSON.readTree(rs.getString("detail_json")));
                        })
                        .list());
    }

    /** The user names holding {@code role} on a project, read from the database. */
    List<String> usersWithRole(String normalizedProject, String role) {
        return wharf.wharf()
                .database()
                .read(h -> h.createQuery("""
                        SELECT u.username FROM roles r JOIN users u ON u.id = r.user_id
                        JOIN projects p ON p.id = r.project_id
                        WHERE p.normalized_name = :name AND r.role = :role ORDER BY u.username""")
                        .bind("name", normalizedProject)
                        .bind("role", role)
                        .mapTo(String.class)
                        .list());
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> answer =
                    http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(
                    answer.statusCode(), answer.headers(), new String(answer.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a user without any token. */
    void createUser(String name) {
        wharf.wharf().users().create(new Username(name), name + "@example.org", Optional.empty(), false);
    }

    @Override
    public void close() {
        wharf.close();
    }
}
