package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WharfConfigTest {

    private static WharfConfig config(String host, Optional<URI> publicUrl) {
        return new WharfConfig(
                host,
                0,
                Path.of("data"),
                Optional.empty(),
                publicUrl,
                WharfConfig.UploadPolicy.defaults(),
                Optional.empty(),
                Optional.empty(),
                WharfConfig.OidcSettings.defaults(),
                false,
                WharfConfig.MailSettings.off(),
                dev.wharf.http.TrustedProxies.none(),
                WharfConfig.MirrorLimits.defaults());
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, http://127.0.0.1:8123",
        "example.org, http://example.org:8123",
        "0.0.0.0, http://localhost:8123",
        "::, http://localhost:8123",
        "::1, http://[::1]:8123"
    })
    void derivesTheBaseUrlFromHostAndBoundPort(String host, String expected) {
        assertThat(config(host, Optional.empty()).baseUrl(8123)).isEqualTo(URI.create(expected));
    }

    @Test
    void publicUrlWinsOverHostAndPort() {
        URI url = URI.create("https://pypi.example.org/wharf");
        assertThat(config("0.0.0.0", Optional.of(url)).baseUrl(8123)).isEqualTo(url);
    }

    @Test
    void uploadDefaultsArePypiOrgs() {
        WharfConfig.UploadPolicy defaults = WharfConfig.UploadPolicy.defaults();
        assertThat(defaults.maxFileSize()).isEqualTo(100L * 1024 * 1024);
        assertThat(defaults.maxProjectSize()).isEqualTo(10L * 1024 * 1024 * 1024);
        assertThat(defaults.allowAnyPlatformTag()).isFalse();
    }
}
