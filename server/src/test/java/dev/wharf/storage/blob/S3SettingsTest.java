package dev.wharf.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3SettingsTest {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:9000");
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY";

    @Test
    void toStringNeverShowsTheSecretKey() {
        S3Settings settings = new S3Settings(ENDPOINT, "us-east-1", "wharf", "AKIAEXAMPLE", SECRET, "blobs/");

        assertThat(settings.toString())
                .doesNotContain(SECRET)
                .doesNotContain("wJalr")
                .contains(
                        "secretKey=***", "bucket=wharf", "accessKey=AKIAEXAMPLE", "prefix=blobs/", ENDPOINT.toString());
    }

    @Test
    void aMissingPrefixMeansNone() {
        S3Settings settings = new S3Settings(ENDPOINT, "us-east-1", "wharf", "access", SECRET, null);

        assertThat(settings.prefix()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        ftp://host/             | s3 endpoint must be an http:// or https:// URL with a host
        file:///tmp/blobs       | s3 endpoint must be an http:// or https:// URL with a host
        http://user:pw@host/    | s3 endpoint must not contain user info
        """)
    void refusesEndpointsThatAreNotHttpServers(String endpoint, String message) {
        assertThatThrownBy(() -> new S3Settings(URI.create(endpoint), "us-east-1", "wharf", "access", SECRET, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("pw");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ab",
                "Wharf",
                "-wharf",
                "wharf-",
                "wharf/blobs",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void refusesBucketNamesS3Refuses(String bucket) {
        assertThatThrownBy(() -> new S3Settings(ENDPOINT, "us-east-1", bucket, "access", SECRET, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("s3 bucket must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "wharf.blobs", "wharf_blobs", "my-bucket-1"})
    void acceptsBucketNames(String bucket) {
        assertThat(new S3Settings(ENDPOINT, "us-east-1", bucket, "access", SECRET, "").bucket())
                .isEqualTo(bucket);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/blobs/", "blo\nbs/", "blobs\\"})
    void refusesPrefixesThatCannotBeKeyPrefixes(String prefix) {
        assertThatThrownBy(() -> new S3Settings(ENDPOINT, "us-east-1", "wharf", "access", SECRET, prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("s3 prefix must not");
    }

    @Test
    void refusesAnOverlongPrefix() {
        assertThatThrownBy(() -> new S3Settings(ENDPOINT, "us-east-1", "wharf", "access", SECRET, "p".repeat(513)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("s3 prefix must be at most 512 characters");
    }

    @Test
    void refusesMissingCredentialsAndRegion() {
        assertThatThrownBy(() -> new S3Settings(ENDPOINT, "us-east-1", "wharf", " ", SECRET, ""))
                .hasMessage("s3 access key is required");
        assertThatThrownBy(() -> new S3Settings(ENDPOINT, "us-east-1", "wharf", "access", "", ""))
                .hasMessage("s3 secret key is required");
        assertThatThrownBy(() -> new S3Settings(ENDPOINT, "", "wharf", "access", SECRET, ""))
                .hasMessageStartingWith("s3 region must be");
    }
}
