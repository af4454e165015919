package dev.wharf.http;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A piece of a response body, encoded once in every coding: the bytes, a raw DEFLATE stream of them
 * ended by a sync flush (so pieces compressed apart join into one gzip member, RFC 1951 §3.2.4), a
 * zstd frame (frames join into one zstd body, RFC 8878 §3.1) and a SHA-256 for the ETag. A body
 * made of several segments re-encodes only the segment that changed.
 *
 * <p>The encoded bytes live in read-only direct buffers: the socket write takes them as they are,
 * where a heap array would be copied into a temporary direct buffer on every response.
 */
public final class Segment {
    /**
     * zlib's default. On a 2,000-file JSON page (PageEncodingBenchmark) level 9 saves 1.2 % more
     * bytes in 1.5 times the time; level 1 costs 9 % more bytes.
     */
    static final int GZIP_LEVEL = 6;
    /**
     * zstd's default. Levels 3 to 12 give the same size on that page (23.4 to 23.6 % of it, against
     * 26 % for gzip) and 3 is the fastest (3 ms, 6 takes 8.5 ms); 19 saves 11 % more at 100 times the cost.
     */
    static final int ZSTD_LEVEL = 3;

    private final ByteBuffer identity;
    private final ByteBuffer deflated;
    private final ByteBuffer zstd;
    private final byte[] sha256;

    private Segment(byte[] identity) {
        this.identity = direct(identity);
        this.deflated = direct(deflate(identity));
        this.zstd = direct(Zstd.compress(identity, ZSTD_LEVEL));
        this.sha256 = sha256(identity);
    }

    public static Segment of(byte[] identity) {
        return new Segment(identity);
    }

    public static Segment of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The encoded bytes in one coding, as a buffer of their own (position 0, read-only). */
    ByteBuffer bytes(ContentCoding coding) {
        return switch (coding) {
            case IDENTITY -> identity.duplicate();
            case GZIP -> deflated.duplicate();
            case ZSTD -> zstd.duplicate();
        };
    }

    byte[] sha256() {
        return sha256.clone();
    }

    static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    private static byte[] deflate(byte[] bytes) {
        Deflater deflater = new Deflater(GZIP_LEVEL, true);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
            // syncFlush: flush() ends the data with an empty stored block, byte-aligned and not final.
            DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater, 64 * 1024, true);
            stream.write(bytes);
            stream.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
