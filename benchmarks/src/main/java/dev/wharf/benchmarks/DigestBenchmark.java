package dev.wharf.benchmarks;

import dev.wharf.distributions.FileDigests;
import dev.wharf.distributions.StreamingDigester;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the upload path's hashing: {@link StreamingDigester} (md5 + sha256 + BLAKE2b-256,
 * as every upload needs for its URL, the simple API and the JSON API) against each digest alone
 * in the same run, so the ratio shows which one dominates and what the one-pass design costs.
 *
 * <p>Each operation hashes one MiB fed in 64 KiB chunks, the size {@code MultipartUploadReader}
 * reads with, so ops/s reads directly as MiB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DigestBenchmark {
    private static final int MIB = 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private byte[] data;

    @Setup
    public void setUp() {
        data = new byte[MIB];
        new SplittableRandom(42).nextBytes(data);
    }

    @Benchmark
    public FileDigests streamingDigesterAllThree() {
        StreamingDigester digester = new StreamingDigester();
        for (int offset = 0; offset < data.length; offset += CHUNK) {
            digester.update(data, offset, CHUNK);
        }
        return digester.finish();
    }

    @Benchmark
    public byte[] sha256Alone() {
        return jdkDigest("SHA-256");
    }

    @Benchmark
    public byte[] md5Alone() {
        return jdkDigest("MD5");
    }

    @Benchmark
    public byte[] blake2b256Alone() {
        Blake2bDigest digest = new Blake2bDigest(256);
        for (int offset = 0; offset < data.length; offset += CHUNK) {
            digest.update(data, offset, CHUNK);
        }
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    private byte[] jdkDigest(String algorithm) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (int offset = 0; offset < data.length; offset += CHUNK) {
            digest.update(data, offset, CHUNK);
        }
        return digest.digest();
    }
}
