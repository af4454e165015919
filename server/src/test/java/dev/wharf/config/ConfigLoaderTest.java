package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    @TempDir
    Path scratch;

    private Path toml(String text) throws IOException {
        Path file = scratch.resolve("wharf.toml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void defaults() {
        WharfConfig config = new ConfigLoader().load();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("./wharf-data"));
        assertThat(config.databaseUrl()).isEmpty();
        assertThat(config.publicUrl()).isEmpty();
        assertThat(config.upload()).isEqualTo(WharfConfig.UploadPolicy.defaults());
    }

    @Test
    void fileOverridesDefaults() throws IOException {
        Path file = toml("""
                [server]
                host = "0.0.0.0"
                port = 9000
                public-url = "https://pypi.example.org/"

                [storage]
                data = "/srv/wharf"
                database-url = "postgresql://wharf@db/wharf"

                [upload]
                max-file-size = "1GiB"
                max-project-size = "20GiB"
                allow-any-platform-tag = true
                """);
        WharfConfig config = new ConfigLoader().file(file).load();
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9000);
        // the trailing slash is dropped so that paths can be appended
        assertThat(config.publicUrl()).contains(URI.create("https://pypi.example.org"));
        assertThat(config.dataDirectory()).isEqualTo(Path.of("/srv/wharf"));
        assertThat(config.databaseUrl()).contains("postgresql://wharf@db/wharf");
        assertThat(config.upload()).isEqualTo(new WharfConfig.UploadPolicy(1L << 30, 20L << 30, true));
    }

    @Test
    void precedenceIsDefaultsThenFileThenEnvironmentThenFlags() throws IOException {
        Path file = toml("""
                [server]
                host = "file-host"
                port = 9001
                [storage]
                data = "/from/file"
                [upload]
                max-file-size = "1MiB"
                """);
        WharfConfig config = new ConfigLoader()
                .file(file)
                .environment(Map.of(
                        "WHARF_SERVER_PORT",
                        "9002",
                        "WHARF_STORAGE_DATA",
                        "/from/env",
                        "WHARF_UPLOAD_MAX_FILE_SIZE",
                        "2MiB"))
                .flag("server.port", 9003)
                .flag("server.host", null)
                .load();
        assertThat(config.host())
                .as("file beats default; absent flag changes nothing")
                .isEqualTo("file-host");
        assertThat(config.dataDirectory()).as("environment beats file").isEqualTo(Path.of("/from/env"));
        assertThat(config.upload().maxFileSize()).as("environment beats file").isEqualTo(2L << 20);
        assertThat(config.port()).as("flag beats environment").isEqualTo(9003);
        assertThat(config.upload().maxProjectSize()).as("untouched default").isEqualTo(10L << 30);
    }

    @Test
    void blankEnvironmentVariablesAndUnrelatedOnesAreIgnored() {
        WharfConfig config = new ConfigLoader()
                .environment(Map.of("WHARF_SERVER_PORT", " ", "WHARF_SERVR_PORT", "1", "PATH", "/bin"))
                .load();
        assertThat(config.port()).isEqualTo(8080);
    }

    @Test
    void everyKeyHasAnEnvironmentVariable() {
        WharfConfig config = new ConfigLoader()
                .environment(Map.of(
                        "WHARF_SERVER_HOST", "h",
                        "WHARF_SERVER_PUBLIC_URL", "http://h.example",
                        "WHARF_STORAGE_DATABASE_URL", "sqlite:/tmp/x.db",
                        "WHARF_UPLOAD_MAX_PROJECT_SIZE", "200MiB",
                        "WHARF_UPLOAD_ALLOW_ANY_PLATFORM_TAG", "yes"))
                .load();
        assertThat(config.host()).isEqualTo("h");
        assertThat(config.publicUrl()).contains(URI.create("http://h.example"));
        assertThat(config.databaseUrl()).contains("sqlite:/tmp/x.db");
        assertThat(config.upload().maxProjectSize()).isEqualTo(200L << 20);
        assertThat(config.upload().allowAnyPlatformTag()).isTrue();
    }

    @Test
    void unknownKeyInFileIsRefusedByName() throws IOException {
        Path file = toml("""
                [server]
                prot = 8080
                """);
        assertThatThrownBy(() -> new ConfigLoader().file(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting 'server.prot'")
                .hasMessageContaining("config file " + file)
                .hasMessageContaining("server.port");
    }

    @Test
    void unknownSectionIsRefusedByName() throws IOException {
        Path file = toml("""
                [uploads]
                max-file-size = "1MiB"
                """);
        assertThatThrownBy(() -> new ConfigLoader().file(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting 'uploads.max-file-size'");
    }

    @Test
    void topLevelValueIsRefused() throws IOException {
        Path file = toml("port = 8080\n");
        assertThatThrownBy(() -> new ConfigLoader().file(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'port' must be a [section]");
    }

    @Test
    void unknownFlagIsRefusedByName() {
        assertThatThrownBy(() -> new ConfigLoader().flag("server.colour", "blue"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("flag: unknown setting 'server.colour'");
    }

    @Test
    void invalidTomlIsRefused() throws IOException {
        Path file = toml("[server\nport = \n");
        assertThatThrownBy(() -> new ConfigLoader().file(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file " + file + " is not valid TOML");
    }

    @Test
    void missingFileIsRefused() {
        Path file = scratch.resolve("absent.toml");
        assertThatThrownBy(() -> new ConfigLoader().file(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read config file " + file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "http", "80.5", ""})
    void badPortIsRefused(String port) {
        assertThatThrownBy(() -> new ConfigLoader().flag("server.port", port).load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("server.port: '" + port + "' is not a port number (0-65535)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65535", " 443 "})
    void portsAtTheEdgesAreAccepted(String port) {
        assertThat(new ConfigLoader().flag("server.port", port).load().port()).isEqualTo(Integer.parseInt(port.trim()));
    }

    @Test
    void badSizeIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new ConfigLoader()
                        .environment(Map.of("WHARF_UPLOAD_MAX_FILE_SIZE", "big"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("upload.max-file-size: 'big' is not a size; write e.g. 100MiB or 10GiB");
    }

    @Test
    void zeroSizeIsRefused() {
        assertThatThrownBy(() ->
                        new ConfigLoader().flag("upload.max-file-size", "0").load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("upload.max-file-size and upload.max-project-size must be positive");
    }

    @Test
    void fileLimitAboveProjectLimitIsRefused() {
        assertThatThrownBy(() -> new ConfigLoader()
                        .flag("upload.max-file-size", "2GiB")
                        .flag("upload.max-project-size", "1GiB")
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("upload.max-file-size (2147483648) exceeds upload.max-project-size (1073741824)");
    }

    @Test
    void equalFileAndProjectLimitsAreFine() {
        WharfConfig config = new ConfigLoader()
                .flag("upload.max-file-size", "1GiB")
                .flag("upload.max-project-size", "1GiB")
                .load();
        assertThat(config.upload().maxFileSize()).isEqualTo(config.upload().maxProjectSize());
    }

    @ParameterizedTest
    @CsvSource({"true, true", "YES, true", "1, true", "false, false", "no, false", "0, false"})
    void booleansAcceptTheUsualSpellings(String text, boolean expected) {
        assertThat(new ConfigLoader()
                        .flag("upload.allow-any-platform-tag", text)
                        .load()
                        .upload()
                        .allowAnyPlatformTag())
                .isEqualTo(expected);
    }

    @Test
    void badBooleanIsRefused() {
        assertThatThrownBy(() -> new ConfigLoader()
                        .flag("upload.allow-any-platform-tag", "maybe")
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("upload.allow-any-platform-tag: 'maybe' is not true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.org", "example.org", "/simple", "https://", "mailto:a@example.org"})
    void publicUrlMustBeAbsoluteHttp(String url) {
        assertThatThrownBy(
                        () -> new ConfigLoader().flag("server.public-url", url).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("server.public-url: '" + url + "'");
    }

    @Test
    void publicUrlWithSpacesIsNotAUrl() {
        assertThatThrownBy(() -> new ConfigLoader()
                        .flag("server.public-url", "https://ex ample.org")
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("server.public-url: 'https://ex ample.org' is not a URL: ");
    }

    @Test
    void publicUrlKeepsItsPath() {
        WharfConfig config = new ConfigLoader()
                .flag("server.public-url", "https://example.org/pypi/")
                .load();
        assertThat(config.publicUrl()).contains(URI.create("https://example.org/pypi"));
        assertThat(config.baseUrl(1234)).isEqualTo(URI.create("https://example.org/pypi"));
    }

    @Test
    void blankDatabaseUrlMeansTheDefault() {
        assertThat(new ConfigLoader().flag("storage.database-url", " ").load().databaseUrl())
                .isEqualTo(Optional.empty());
    }

    @Test
    void mailIsOffByDefaultAndItsFromFollowsThePublicHost() {
        WharfConfig.MailSettings mail = new ConfigLoader().load().mail();
        assertThat(mail.smtpHost()).isEmpty();
        assertThat(mail.smtpPort()).isEqualTo(25);
        assertThat(mail.fromAddress("pypi.example.org")).isEqualTo("wharf@pypi.example.org");
    }

    @Test
    void mailSettingsComeFromTheEnvironment() {
        WharfConfig.MailSettings mail = new ConfigLoader()
                .environment(Map.of(
                        "WHARF_MAIL_SMTP_HOST",
                        "relay.internal",
                        "WHARF_MAIL_SMTP_PORT",
                        "2525",
                        "WHARF_MAIL_FROM",
                        "pypi@example.org"))
                .load()
                .mail();
        assertThat(mail.smtpHost()).contains("relay.internal");
        assertThat(mail.smtpPort()).isEqualTo(2525);
        assertThat(mail.fromAddress("ignored.example.org")).isEqualTo("pypi@example.org");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "mail.smtp-port | 0 | mail.smtp-port: '0' is not a port number (1-65535)",
                "mail.smtp-port | smtp | mail.smtp-port: 'smtp' is not a port number (1-65535)",
                "mail.from | 'Wharf <w@example.org>' | mail.from: 'Wharf <w@example.org>' is not an email address like wharf@example.org",
                "mail.smtp-host | 'relay host' | mail.smtp-host: 'relay host' is not a host name or address",
                "mail.smtp-security | ssl | mail.smtp-security: 'ssl' is not one of none, starttls, tls",
                "mail.smtp-username | wharf | mail.smtp-username and mail.smtp-password: set both (for SMTP AUTH) or neither",
                "mail.smtp-password | secret | mail.smtp-username and mail.smtp-password: set both (for SMTP AUTH) or neither"
            })
    void badMailSettingsAreRefused(String key, String value, String message) {
        assertThatThrownBy(() -> new ConfigLoader().flag(key, value).load())
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void smtpAuthWithStarttlsComesFromTheEnvironmentAndItsPasswordIsNeverShown() {
        WharfConfig.MailSettings mail = new ConfigLoader()
                .environment(Map.of(
                        "WHARF_MAIL_SMTP_HOST",
                        "smtp.example.org",
                        "WHARF_MAIL_SMTP_PORT",
                        "587",
                        "WHARF_MAIL_SMTP_SECURITY",
                        "STARTTLS",
                        "WHARF_MAIL_SMTP_USERNAME",
                        "wharf",
                        "WHARF_MAIL_SMTP_PASSWORD",
                        "hunter2 hunter2"))
                .load()
                .mail();
        assertThat(mail.security()).isEqualTo(WharfConfig.MailSecurity.STARTTLS);
        assertThat(mail.username()).contains("wharf");
        assertThat(mail.password()).contains("hunter2 hunter2");
        assertThat(mail.toString()).doesNotContain("hunter2").contains("password=Optional[***]");
    }

    /** A password must not cross the network in the clear; a relay on this machine is the exception. */
    @ParameterizedTest
    @CsvSource({
        "smtp.example.org, false",
        "10.0.0.5, false",
        "127.mail.example.org, false",
        "127.0.0.1, true",
        "127.0.1.1, true",
        "localhost, true",
        "::1, true"
    })
    void smtpAuthWithoutTlsIsRefusedExceptOnThisMachine(String host, boolean allowed) {
        ConfigLoader loader = new ConfigLoader()
                .flag("mail.smtp-host", host)
                .flag("mail.smtp-username", "wharf")
                .flag("mail.smtp-password", "secret");
        if (allowed) {
            assertThat(loader.load().mail().security()).isEqualTo(WharfConfig.MailSecurity.NONE);
        } else {
            assertThatThrownBy(loader::load)
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(
                            "mail.smtp-username: SMTP AUTH to " + host
                                    + " needs mail.smtp-security = starttls or tls, so that the password is not sent in the clear");
        }
    }
}
