package dev.wharf.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs as objects in an S3-compatible bucket, under {@code prefix + key}.
 *
 * <p>Visibility: an S3 {@code PutObject} is atomic — the object is listed and readable only once
 * the whole body has been received, never partially — and a multipart upload becomes an object
 * only at {@code CompleteMultipartUpload}, also atomically; an upload that fails is aborted so no
 * parts linger. So the port's "complete or absent" rule holds without a staging area.
 *
 * <p>Immutability: a put first asks {@code HeadObject} and does nothing if the key exists. Two
 * racing puts of the same key can both write, but keys are content-addressed (the BLAKE2b-256 of
 * the bytes is in the key), so both write identical bytes and readers never see a change.
 * Conditional writes ({@code If-None-Match: *}) would close that window but are not supported by
 * every S3-compatible server, so they are not relied on.
 *
 * <p>Compatibility: AWS SDK ≥ 2.30 adds CRC checksums to every
 * request, which many S3-compatible servers reject (aws/aws-sdk-java-v2#5801), so checksums are
 * computed and validated only when an operation requires them; path-style addressing because
 * most self-hosted servers do not serve virtual-host buckets; objects are deleted one at a time
 * because {@code DeleteObjects} needs {@code Content-MD5} on some servers
 * (aws/aws-sdk-java-v2#5805).
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    /** Files above this size go up as a multipart upload. */
    static final long MULTIPART_THRESHOLD = 64L * 1024 * 1024;

    /** S3 requires at least 5 MiB per part except the last one, and at most 10,000 parts. */
    private static final long MIN_PART_SIZE = 16L * 1024 * 1024;

    private static final int MAX_PARTS = 10_000;

    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client client;
    private final String bucket;
    private final String prefix;

    /** Connects to the server named in {@code settings}; nothing is sent until the first call. */
    public S3BlobStore(S3Settings settings) {
        this(clientFor(settings), settings.bucket(), settings.prefix());
    }

    private S3BlobStore(S3Client client, String bucket, String prefix) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    private static S3Client clientFor(S3Settings settings) {
        return S3Client.builder()
                // The JDK's HttpURLConnection: no Netty or Apache HttpClient in the jar.
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public void put(BlobKey key, Path stagedFile) throws IOException {
        long size = Files.size(stagedFile);
        if (size(key).isEmpty()) {
            if (size > MULTIPART_THRESHOLD) {
                putMultipart(key, stagedFile, size);
            } else {
                String objectKey = objectKey(key);
                try (FileSlice body = new FileSlice(stagedFile, 0, size)) {
                    call(
                            "put",
                            key,
                            () -> client.putObject(
                                    request -> request.bucket(bucket)
                                            .key(objectKey)
                                            .contentLength(size)
                                            .contentType(CONTENT_TYPE),
                                    RequestBody.fromContentProvider(body, size, CONTENT_TYPE)));
                }
            }
        }
        Files.deleteIfExists(stagedFile);
    }

    @Override
    public void put(BlobKey key, byte[] bytes) throws IOException {
        if (size(key).isPresent()) {
            return;
        }
        String objectKey = objectKey(key);
        call(
                "put",
                key,
                () -> client.putObject(
                        request -> request.bucket(bucket)
                                .key(objectKey)
                                .contentLength((long) bytes.length)
                                .contentType(CONTENT_TYPE),
                        RequestBody.fromBytes(bytes)));
    }

    @Override
    public Optional<Long> size(BlobKey key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return Optional.of(
                    client.headObject(request -> request.bucket(bucket).key(objectKey))
                            .contentLength());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("size", key, e);
        } catch (SdkException e) {
            throw failure("size", key, e);
        }
    }

    @Override
    public InputStream open(BlobKey key, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range: offset " + offset + ", length " + length);
        }
        if (length == 0) {
            // "bytes=n-(n-1)" is not a valid Range; still report an absent blob as absent.
            if (size(key).isEmpty()) {
                throw new NoSuchFileException(key.value());
            }
            return InputStream.nullInputStream();
        }
        String objectKey = objectKey(key);
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        ResponseInputStream<GetObjectResponse> body;
        try {
            body = client.getObject(
                    request -> request.bucket(bucket).key(objectKey).range(range));
        } catch (S3Exception e) {
            // A missing bucket is a broken deployment, not an absent blob (HEAD cannot tell them apart).
            if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
                throw new NoSuchFileException(key.value());
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
        if (body.response().contentRange() == null && offset > 0) {
            // The server ignored Range and sent the whole object (RFC 9110 §14.2 allows that).
            try {
                body.skipNBytes(offset);
            } catch (IOException e) {
                body.abort();
                throw e;
            }
        }
        return new BoundedInputStream(body, length);
    }

    @Override
    public void delete(BlobKey key) throws IOException {
        String objectKey = objectKey(key);
        try {
            client.deleteObject(request -> request.bucket(bucket).key(objectKey));
        } catch (S3Exception e) {
            // S3 answers 204 for an absent key; some compatible servers answer 404.
            if (e.statusCode() != 404) {
                throw failure("delete", key, e);
            }
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void list(java.util.function.Consumer<Listed> each) throws IOException {
        try {
            for (var object : client.listObjectsV2Paginator(
                            request -> request.bucket(bucket).prefix(prefix))
                    .contents()) {
                BlobKey key;
                try {
                    key = new BlobKey(object.key().substring(prefix.length()));
                } catch (IllegalArgumentException notABlob) {
                    continue;
                }
                each.accept(new Listed(key, object.lastModified()));
            }
        } catch (SdkException e) {
            throw new IOException("S3 list " + bucket + "/" + prefix + " failed: " + e.getMessage(), e);
        }
    }

    /** Closes the HTTP client. */
    @Override
    public void close() {
        client.close();
    }

    private void putMultipart(BlobKey key, Path file, long size) throws IOException {
        String objectKey = objectKey(key);
        long partSize = Math.max(MIN_PART_SIZE, Math.ceilDiv(size, MAX_PARTS));
        String uploadId = call(
                "start multipart upload of",
                key,
                () -> client.createMultipartUpload(
                                request -> request.bucket(bucket).key(objectKey).contentType(CONTENT_TYPE))
                        .uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (int partNumber = 1; (long) (partNumber - 1) * partSize < size; partNumber++) {
                long start = (long) (partNumber - 1) * partSize;
                long length = Math.min(partSize, size - start);
                int number = partNumber;
                try (FileSlice body = new FileSlice(file, start, length)) {
                    String etag = call(
                            "upload part of",
                            key,
                            () -> client.uploadPart(
                                            request -> request.bucket(bucket)
                                                    .key(objectKey)
                                                    .uploadId(uploadId)
                                                    .partNumber(number)
                                                    .contentLength(length),
                                            RequestBody.fromContentProvider(body, length, CONTENT_TYPE))
                                    .eTag());
                    parts.add(CompletedPart.builder()
                            .partNumber(number)
                            .eTag(etag)
                            .build());
                }
            }
            call(
                    "complete multipart upload of",
                    key,
                    () -> client.completeMultipartUpload(request -> request.bucket(bucket)
                            .key(objectKey)
                            .uploadId(uploadId)
                            .multipartUpload(upload -> upload.parts(parts))));
        } catch (IOException | RuntimeException e) {
            try {
                client.abortMultipartUpload(
                        request -> request.bucket(bucket).key(objectKey).uploadId(uploadId));
            } catch (SdkException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    private String objectKey(BlobKey key) {
        return prefix + key.value();
    }

    private <T> T call(String action, BlobKey key, SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (SdkException e) {
            throw failure(action, key, e);
        }
    }

    /** SDK messages name the bucket, key and status but never the credentials. */
    private IOException failure(String action, BlobKey key, SdkException cause) {
        return new IOException(
                "S3 " + action + " " + bucket + "/" + prefix + key.value() + " failed: " + cause.getMessage(), cause);
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run();
    }

    /**
     * A byte range of a file as a request body. The SDK may ask for the stream more than once
     * (payload signing over plain HTTP, retries), so each call reopens the file at the range's
     * start; the previous stream is closed then, the last one on {@link #close()}. Constant memory,
     * whatever the file size.
     */
    private static final class FileSlice implements ContentStreamProvider, AutoCloseable {
        private final Path file;
        private final long start;
        private final long length;
        private InputStream current;

        FileSlice(Path file, long start, long length) {
            this.file = file;
            this.start = start;
            this.length = length;
        }

        @Override
        public InputStream newStream() {
            try {
                close();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                channel.position(start);
                current = new BoundedInputStream(Channels.newInputStream(channel), length);
                return current;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }
}
