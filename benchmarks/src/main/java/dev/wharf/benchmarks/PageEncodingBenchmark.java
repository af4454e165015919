package dev.wharf.benchmarks;

import com.github.luben.zstd.Zstd;
import dev.wharf.http.EncodedBody;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What encoding a page costs when it is rendered, and what each coding saves: a PEP 691 JSON
 * project page of 2,000 files (about 1.2 MB, the page of {@code simple-page-rps.sh}) compressed by
 * gzip and zstd at several levels, and {@link EncodedBody#of(byte[])}, which is what Wharf does
 * once per change of a page (identity, gzip 6 and zstd 6, plus SHA-256 for the ETag). Each run
 * prints the compressed size of every codec before it measures, so time and bytes come together.
 * Run {@code jmh.sh 'PageEncodingBenchmark.encode'} for the codecs and
 * {@code jmh.sh 'PageEncodingBenchmark.wharf' -p codec=gzip-6} for Wharf's own (the parameter
 * does not change it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PageEncodingBenchmark {
    @Param({"gzip-1", "gzip-6", "gzip-9", "zstd-3", "zstd-6", "zstd-12", "zstd-19"})
    public String codec;

    private byte[] page;

    @Setup
    public void setUp() {
        page = projectPage(2000);
        System.out.printf(
                "%n%s: %,d bytes -> %,d bytes (%.1f %%)%n",
                codec, page.length, encode().length, 100.0 * encode().length / page.length);
    }

    @Benchmark
    public byte[] encode() {
        String[] parts = codec.split("-");
        int level = Integer.parseInt(parts[1]);
        return parts[0].equals("gzip") ? deflate(page, level) : Zstd.compress(page, level);
    }

    /** Independent of {@link #codec}: the same figure in every run, what a page change costs. */
    @Benchmark
    public EncodedBody wharfEncodesOnePage() {
        return EncodedBody.of(page);
    }

    private static byte[] deflate(byte[] bytes, int level) {
        Deflater deflater = new Deflater(level, true);
        try {
            deflater.setInput(bytes);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** A page shaped like Wharf's: the fields and URL layout of SimplePageRenderer.projectJson. */
    static byte[] projectPage(int files) {
        SplittableRandom random = new SplittableRandom(691);
        HexFormat hex = HexFormat.of();
        StringBuilder json = new StringBuilder("{\"meta\":{\"api-version\":\"1.4\",\"_last-serial\":4242},"
                + "\"name\":\"bench-project\",\"project-status\":{\"status\":\"active\"},\"versions\":[");
        for (int i = 0; i < files; i++) {
            json.append(i == 0 ? "" : ",").append("\"1.0.").append(i).append('"');
        }
        json.append("],\"files\":[");
        for (int i = 0; i < files; i++) {
            byte[] blake = new byte[32];
            byte[] sha = new byte[32];
            byte[] metadataSha = new byte[32];
            random.nextBytes(blake);
            random.nextBytes(sha);
            random.nextBytes(metadataSha);
            String b = hex.formatHex(blake);
            String filename = "bench_project-1.0." + i + "-py3-none-any.whl";
            json.append(i == 0 ? "" : ",")
                    .append("{\"filename\":\"")
                    .append(filename)
                    .append("\",\"url\":\"/packages/")
                    .append(b, 0, 2)
                    .append('/')
                    .append(b, 2, 4)
                    .append('/')
                    .append(b, 4, 64)
                    .append('/')
                    .append(filename)
                    .append("\",\"hashes\":{\"sha256\":\"")
                    .append(hex.formatHex(sha))
                    .append("\"},\"requires-python\":null,\"size\":")
                    .append(900 + random.nextInt(200))
                    .append(",\"upload-time\":\"2026-12-07T20:")
                    .append(10 + i % 50)
                    .append(':')
                    .append(10 + i % 49)
                    .append('.')
                    .append(100000 + random.nextInt(899999))
                    .append("Z\",\"yanked\":false,")
                    .append("\"core-metadata\":{\"sha256\":\"")
                    .append(hex.formatHex(metadataSha))
                    .append("\"},")
                    .append("\"data-dist-info-metadata\":{\"sha256\":\"")
                    .append(hex.formatHex(metadataSha))
                    .append("\"},")
                    .append("\"provenance\":null}");
        }
        json.append("]}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
