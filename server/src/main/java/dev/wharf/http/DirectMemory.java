package dev.wharf.http;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * How much memory outside the heap the JVM lets direct buffers take: {@code -XX:MaxDirectMemorySize},
 * or the maximum heap size when that is unset (the JVM's default). Page caches size themselves from
 * it, so that a small heap ({@code -Xmx256m}) does not end in "Cannot reserve direct buffer memory".
 */
public final class DirectMemory {
    private DirectMemory() {}

    public static long limit() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long configured =
                    Long.parseLong(hotspot.getVMOption("MaxDirectMemorySize").getValue());
            if (configured > 0) {
                return configured;
            }
        } catch (RuntimeException e) {
            // Not HotSpot, or no such option: the JVM default below.
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** {@code fraction} of the limit, but no more than {@code cap} bytes. */
    public static long share(double fraction, long cap) {
        return Math.min(cap, (long) (limit() * fraction));
    }
}
