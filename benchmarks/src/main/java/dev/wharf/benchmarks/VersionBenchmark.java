package dev.wharf.benchmarks;

import dev.wharf.distributions.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * Parsing and ordering the versions of a large project: 2,000 PEP 440 strings in the shapes real
 * projects publish (plain releases, pre-releases, post and dev releases, an epoch, local labels,
 * non-normal spellings such as {@code 1.0-post1}), shuffled with a fixed seed. The JSON API and
 * any "latest version" decision parse and sort them all when a project page is rendered.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class VersionBenchmark {
    static final int COUNT = 2_000;

    private List<String> raw;
    private List<Version> parsed;

    @Setup
    public void setUp() {
        raw = versions(COUNT);
        parsed = raw.stream().map(Version::parse).toList();
    }

    /** {@code COUNT} distinct-looking versions, deterministic for a given count. */
    static List<String> versions(int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; out.size() < count; i++) {
            int major = i / 100;
            int minor = (i / 10) % 10;
            int patch = i % 10;
            String release = major + "." + minor + "." + patch;
            switch (i % 8) {
                case 0, 1, 2 -> out.add(release);
                case 3 -> out.add(release + "rc" + (i % 3 + 1));
                case 4 -> out.add(release + "-post" + (i % 4)); // non-normal spelling
                case 5 -> out.add(release + ".dev" + i);
                case 6 -> out.add("v" + release + "b2+ubuntu." + (i % 5)); // "v" prefix, local label
                default -> out.add("1!" + release + "a1");
            }
        }
        Collections.shuffle(out, new Random(7));
        return out;
    }

    @Benchmark
    public List<Version> parseAndSort() {
        List<Version> versions = new ArrayList<>(raw.size());
        for (String s : raw) {
            versions.add(Version.parse(s));
        }
        Collections.sort(versions);
        return versions;
    }

    @Benchmark
    public List<Version> parseOnly() {
        List<Version> versions = new ArrayList<>(raw.size());
        for (String s : raw) {
            versions.add(Version.parse(s));
        }
        return versions;
    }

    @Benchmark
    public List<Version> sortParsed() {
        List<Version> versions = new ArrayList<>(parsed);
        Collections.sort(versions);
        return versions;
    }
}
