package dev.wharf.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Database;
import dev.wharf.storage.db.Dialect;
import dev.wharf.storage.db.Micros;
import dev.wharf.storage.db.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventRepositoryTest {
    private static final Instant NOW = Instant.parse("2026-05-06T07:08:09.123456Z");

    @TempDir
    Path scratch;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void recordsAnEventWithJsonDetail(Dialect dialect) {
        try (var test = TestDatabases.create(dialect, scratch)) {
            Database db = test.database();
            TestCatalogue catalogue = new TestCatalogue();
            long[] ids =
                    db.write(h -> new long[] {catalogue.project(h, "foo", NOW).id(), catalogue.user(h, "alice")});
            db.writeVoid(h -> new EventRepository()
                    .record(
                            h,
                            Optional.of(ids[0]),
                            "release:yank",
                            Optional.of(ids[1]),
                            Optional.of("tok-1"),
                            Map.of("version", "1.0", "serial", 3),
                            NOW));
            db.writeVoid(h -> new EventRepository()
                    .record(h, Optional.empty(), "user:login", Optional.empty(), Optional.empty(), Map.of(), NOW));
            var rows = db.read(h ->
                    h.createQuery("SELECT * FROM events ORDER BY id").mapToMap().list());
            assertThat(rows).hasSize(2);
            var first = rows.get(0);
            assertThat(((Number) first.get("project_id")).longValue()).isEqualTo(ids[0]);
            assertThat(first.get("kind")).isEqualTo("release:yank");
            assertThat(((Number) first.get("user_id")).longValue()).isEqualTo(ids[1]);
            assertThat(first.get("token_id")).isEqualTo("tok-1");
            assertThat(((Number) first.get("created_at")).longValue()).isEqualTo(Micros.of(NOW));
            JsonNode detail = JsonMapper.builder().build().readTree((String) first.get("detail_json"));
            assertThat(detail.get("version").asString()).isEqualTo("1.0");
            assertThat(detail.get("serial").asInt()).isEqualTo(3);
            var second = rows.get(1);
            assertThat(second.get("project_id")).isNull();
            assertThat(second.get("user_id")).isNull();
            assertThat(second.get("token_id")).isNull();
            assertThat(second.get("detail_json")).isEqualTo("{}");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void readsEventsNewestFirstByProjectKindPrefixAndInvolvedUser(Dialect dialect) {
        try (var test = TestDatabases.create(dialect, scratch)) {
            Database db = test.database();
            TestCatalogue catalogue = new TestCatalogue();
            EventRepository events = new EventRepository();
            long[] ids = db.write(h -> {
                Project foo = catalogue.project(h, "foo", NOW);
                Project bar = catalogue.project(h, "bar", NOW);
                long alice = catalogue.user(h, "alice");
                long bob = catalogue.user(h, "bob");
                new ProjectRepository().addRole(h, bar.id(), bob, Role.OWNER);
                return new long[] {foo.id(), bar.id(), alice, bob};
            });
            db.writeVoid(h -> {
                events.record(
                        h,
                        Optional.of(ids[0]),
                        "file:upload",
                        Optional.of(ids[2]),
                        Optional.of("tok-1"),
                        Map.of(),
                        NOW);
                events.record(
                        h, Optional.of(ids[1]), "file:upload", Optional.of(ids[2]), Optional.empty(), Map.of(), NOW);
                events.record(
                        h, Optional.empty(), "account:login", Optional.of(ids[3]), Optional.empty(), Map.of(), NOW);
                events.record(h, Optional.of(ids[0]), "file_x", Optional.empty(), Optional.empty(), Map.of(), NOW);
            });
            var ofFoo = db.read(h -> events.find(h, EventFilter.ofProject(ids[0], 10)));
            assertThat(ofFoo).extracting(StoredEvent::kind).containsExactly("file_x", "file:upload");
            assertThat(ofFoo.get(1).project()).contains("foo");
            assertThat(ofFoo.get(1).actor()).contains("alice");
            assertThat(ofFoo.get(1).tokenId()).contains("tok-1");
            assertThat(ofFoo.get(0).actor()).isEmpty();
            // "_" in a prefix is a literal underscore, not LIKE's any-character.
            var underscore = db.read(h -> events.find(
                    h,
                    new EventFilter(Optional.empty(), Optional.empty(), Optional.of("file_"), Optional.empty(), 10)));
            assertThat(underscore).extracting(StoredEvent::kind).containsExactly("file_x");
            var byName = db.read(h -> events.find(
                    h,
                    new EventFilter(Optional.empty(), Optional.of("bar"), Optional.of("file:"), Optional.empty(), 10)));
            assertThat(byName).extracting(e -> e.project().orElseThrow()).containsExactly("bar");
            // Bob did the login and owns bar, where alice uploaded.
            var bobs = db.read(h -> events.find(h, EventFilter.involving(ids[3], 10)));
            assertThat(bobs).extracting(StoredEvent::kind).containsExactly("account:login", "file:upload");
            java.util.List<StoredEvent> newest = db.read(h -> events.find(h, EventFilter.ofProject(ids[0], 1)));
            assertThat(newest).hasSize(1);
            assertThat(new EventFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0)
                            .limit())
                    .isEqualTo(1);
        }
    }
}
