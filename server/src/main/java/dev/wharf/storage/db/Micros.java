package dev.wharf.storage.db;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times are stored as microseconds since the epoch on both databases (PEP 700 upload-time has microseconds). */
public final class Micros {
    private Micros() {}

    public static long of(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    public static Instant toInstant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
