package dev.wharf.http;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A piece of a response body, encoded once in every coding: the bytes, a raw DEFLATE stream of them
 * ended by a sync flush (so pieces compressed apart join into one gzip member, RFC 1951 §3.2.4), a
 * zstd frame (frames join into one zstd body, RFC 8878 §3.1) and a SHA-256 for the ETag. A body
 * made of several segments re-encodes only the segment that changed.
 */
public record Segment(byte[] identity, byte[] deflated, byte[] zstd, byte[] sha256) {
    /** zlib's default level: within 1 % of level 9's size on index pages at about half the time. */
    static final int GZIP_LEVEL = 6;
    /** The level at which zstd's output for index pages is smaller than gzip's at a lower cost. */
    static final int ZSTD_LEVEL = 6;

    public static Segment of(byte[] identity) {
        return new Segment(identity, deflate(identity), Zstd.compress(identity, ZSTD_LEVEL), sha256(identity));
    }

    public static Segment of(String text) {
        return of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The encoded bytes in one coding. */
    byte[] bytes(ContentCoding coding) {
        return switch (coding) {
            case IDENTITY -> identity;
            case GZIP -> deflated;
            case ZSTD -> zstd;
        };
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
