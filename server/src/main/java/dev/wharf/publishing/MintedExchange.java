package dev.wharf.publishing;

import java.time.Instant;

/** A successful exchange: the upload token (shown once, to the CI job) and when it expires. */
public record MintedExchange(String token, Instant expires) {
    @Override
    public String toString() {
        return "MintedExchange[expires=" + expires + "]";
    }
}
