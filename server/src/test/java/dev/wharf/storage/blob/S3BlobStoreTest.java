package dev.wharf.storage.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The contract against a real S3 protocol server: s3proxy in this JVM, storing on disk
 * ({@code filesystem-nio2}) so the 70 MiB multipart test does not sit in the heap.
 */
class S3BlobStoreTest extends BlobStoreContract {
    private static final String BUCKET = "wharf-test";
    private static final String PREFIX = "blobs/";

    @RegisterExtension
    final S3ProxyExtension s3Proxy = S3ProxyExtension.builder()
            .withBlobStoreProvider("filesystem-nio2")
            .withCredentials("test-access", "test-" + "secret")
            .build();

    private S3Client admin;
    private S3BlobStore store;

    @BeforeEach
    void createBucketAndStore() {
        admin = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(s3Proxy.getUri())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3Proxy.getAccessKey(), s3Proxy.getSecretKey())))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        admin.createBucket(request -> request.bucket(BUCKET));
        store = new S3BlobStore(settings(s3Proxy.getSecretKey()));
    }

    @AfterEach
    void closeClients() {
        store.close();
        admin.close();
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Test
    void objectsLiveUnderThePrefix() throws IOException {
        byte[] content = "prefixed".getBytes(UTF_8);
        BlobKey key = keyFor(content, "pkg-1.0.tar.gz");

        store.put(key, content);

        assertThat(admin.listObjectsV2(request -> request.bucket(BUCKET)).contents())
                .extracting(S3Object::key)
                .containsExactly(PREFIX + key.value());
    }

    @Test
    void aLargeUploadLeavesNoUnfinishedMultipartUpload() throws IOException {
        Path file = scratch.resolve("big.whl");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // Sparse: 65 MiB of zeros costs no disk and crosses the multipart threshold.
            channel.write(ByteBuffer.wrap(new byte[] {1}), S3BlobStore.MULTIPART_THRESHOLD + 1024 * 1024 - 1);
        }
        BlobKey key = keyFor("big".getBytes(UTF_8), "big-1.0-py3-none-any.whl");

        store.put(key, file);

        assertThat(store.size(key)).contains(S3BlobStore.MULTIPART_THRESHOLD + 1024 * 1024);
        assertThat(admin.listMultipartUploads(request -> request.bucket(BUCKET)).uploads())
                .isEmpty();
    }

    @Test
    void wrongCredentialsFailAsIOExceptionWithoutTheSecret() {
        String wrongSecret = "not-the-" + "secret";
        try (S3BlobStore wrong = new S3BlobStore(settings(wrongSecret))) {
            BlobKey key = keyFor(new byte[] {4}, "pkg-1.0.tar.gz");

            assertThatThrownBy(() -> wrong.put(key, new byte[] {4}))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(BUCKET)
                    .hasMessageNotContaining(wrongSecret);
        }
    }

    @Test
    void aMissingBucketFailsAsIOException() {
        try (S3BlobStore missing = new S3BlobStore(new S3Settings(
                s3Proxy.getUri(), "us-east-1", "no-such-bucket", s3Proxy.getAccessKey(), s3Proxy.getSecretKey(), ""))) {
            BlobKey key = keyFor(new byte[] {5}, "pkg-1.0.tar.gz");

            assertThatThrownBy(() -> missing.put(key, new byte[] {5})).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> missing.open(key, 0, 1))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(NoSuchFileException.class);
        }
    }

    private S3Settings settings(String secretKey) {
        URI endpoint = s3Proxy.getUri();
        return new S3Settings(endpoint, "us-east-1", BUCKET, s3Proxy.getAccessKey(), secretKey, PREFIX);
    }
}
