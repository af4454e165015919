package dev.wharf.storage.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseLocationTest {

    @Test
    void sqliteUrlBecomesAnAbsoluteJdbcUrl() {
        DatabaseLocation location = DatabaseLocation.parse("sqlite:relative/wharf.db");
        assertThat(location.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(location.jdbcUrl())
                .isEqualTo("jdbc:sqlite:" + Path.of("relative/wharf.db").toAbsolutePath());
        assertThat(location.user()).isEmpty();
        assertThat(location.password()).isEmpty();
    }

    @Test
    void sqliteFactoryAndParseAgree() {
        Path file = Path.of("/var/lib/wharf/wharf.db");
        assertThat(DatabaseLocation.parse("sqlite:/var/lib/wharf/wharf.db")).isEqualTo(DatabaseLocation.sqlite(file));
    }

    @Test
    void postgresqlUrlIsSplitIntoJdbcUrlUserAndPassword() {
        DatabaseLocation location =
                DatabaseLocation.parse("postgresql://wharf:s3cret@db.example.org:5433/catalogue?sslmode=require");
        assertThat(location.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:5433/catalogue?sslmode=require");
        assertThat(location.user()).contains("wharf");
        assertThat(location.password()).contains("s3cret");
    }

    @Test
    void postgresSchemeIsAnAlias() {
        DatabaseLocation location = DatabaseLocation.parse("postgres://wharf@localhost/wharf");
        assertThat(location.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/wharf");
        assertThat(location.user()).contains("wharf");
        assertThat(location.password()).isEmpty();
    }

    @Test
    void withoutUserInfoThereIsNoUser() {
        DatabaseLocation location = DatabaseLocation.parse("postgresql://localhost:5432/wharf");
        assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/wharf");
        assertThat(location.user()).isEmpty();
        assertThat(location.password()).isEmpty();
    }

    @Test
    void percentEncodedCredentialsAreDecoded() {
        DatabaseLocation location = DatabaseLocation.parse("postgresql://us%40er:p%3Ass%2Fw%40rd@localhost/wharf");
        assertThat(location.user()).contains("us@er");
        assertThat(location.password()).contains("p:ss/w@rd");
    }

    @Test
    void jdbcUrlIsTakenAsIs() {
        DatabaseLocation location = DatabaseLocation.parse("jdbc:postgresql://localhost:5432/wharf?user=wharf");
        assertThat(location.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/wharf?user=wharf");
        assertThat(location.user()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"mysql://localhost/wharf", "jdbc:mysql://localhost/wharf", "wharf.db", "", "POSTGRESQL://x/y"})
    void unsupportedUrlsAreRefused(String url) {
        assertThatThrownBy(() -> DatabaseLocation.parse(url))
                .isInstanceOf(WharfException.class)
                .hasMessage("Unsupported database URL; use sqlite:PATH or postgresql://USER@HOST:PORT/DATABASE")
                .extracting(e -> ((WharfException) e).refusal())
                .isEqualTo(Refusal.BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://localhost", "postgresql://localhost/", "postgresql:///wharf"})
    void postgresqlUrlNeedsHostAndDatabase(String url) {
        assertThatThrownBy(() -> DatabaseLocation.parse(url))
                .isInstanceOf(WharfException.class)
                .hasMessage("A PostgreSQL URL needs a host and a database: postgresql://USER@HOST:PORT/DATABASE");
    }

    @Test
    void malformedPostgresqlUrlIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> DatabaseLocation.parse("postgresql://wharf:se cret@localhost/wharf"))
                .isInstanceOf(WharfException.class)
                .hasMessageStartingWith("Malformed PostgreSQL URL: ")
                .hasMessageNotContaining("se cret");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgresql://wharf:s3cret@localhost:5432/wharf",
                "postgresql://wharf:s3cret@localhost/wharf?password=s3cret",
                "jdbc:postgresql://localhost/wharf?user=wharf&password=s3cret",
                "jdbc:postgresql://localhost/wharf?password=s3cret&user=wharf"
            })
    void toStringNeverContainsThePassword(String url) {
        DatabaseLocation location = DatabaseLocation.parse(url);
        assertThat(location.toString()).doesNotContain("s3cret").contains("localhost");
    }

    @Test
    void toStringNamesTheUser() {
        assertThat(DatabaseLocation.parse("postgresql://wharf:s3cret@localhost/wharf")
                        .toString())
                .isEqualTo("jdbc:postgresql://localhost/wharf (user wharf)");
    }

    @Test
    void locationsAreValues() {
        assertThat(DatabaseLocation.parse("postgres://a:b@h/d"))
                .isEqualTo(new DatabaseLocation(
                        Dialect.POSTGRESQL, "jdbc:postgresql://h/d", Optional.of("a"), Optional.of("b")));
    }
}
