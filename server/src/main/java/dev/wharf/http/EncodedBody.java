package dev.wharf.http;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A response body in every content coding Wharf serves, made once when the page is rendered and
 * then only copied to clients: the identity bytes, one gzip member (RFC 1952) and one or more zstd
 * frames. Each coding has its own strong ETag, the identity ETag with a suffix, since the codings
 * are different representations (RFC 9110 §8.8.3).
 */
public final class EncodedBody {
    /** gzip header: magic, DEFLATE, no flags, no mtime (so every node makes the same bytes), OS unknown. */
    private static final ByteBuffer GZIP_HEADER =
            Segment.direct(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    /** A final fixed-Huffman DEFLATE block holding only its end code: ends the joined segments. */
    private static final ByteBuffer FINAL_BLOCK = Segment.direct(new byte[] {3, 0});

    private final Map<ContentCoding, Variant> variants;

    private EncodedBody(Map<ContentCoding, Variant> variants) {
        this.variants = variants;
    }

    /**
     * One coded representation: its bytes as read-only buffers to send in order (each write takes a
     * {@link ByteBuffer#duplicate()}, so concurrent responses never share a position), their total
     * and its ETag.
     */
    public record Variant(ContentCoding coding, List<ByteBuffer> parts, long length, String etag) {
        /** The whole variant in one array (tests and small bodies). */
        public byte[] bytes() {
            byte[] all = new byte[Math.toIntExact(length)];
            int at = 0;
            for (ByteBuffer part : parts) {
                ByteBuffer copy = part.duplicate();
                int size = copy.remaining();
                copy.get(all, at, size);
                at += size;
            }
            return all;
        }
    }

    public static EncodedBody of(byte[] identity) {
        return of(List.of(Segment.of(identity)));
    }

    /** The body that is these segments in order. */
    public static EncodedBody of(List<Segment> segments) {
        String tag = tag(segments);
        Map<ContentCoding, Variant> variants = new EnumMap<>(ContentCoding.class);
        variants.put(
                ContentCoding.IDENTITY,
                join(ContentCoding.IDENTITY, segments, List.of(), List.of(), "\"" + tag + "\""));
        variants.put(
                ContentCoding.GZIP,
                join(
                        ContentCoding.GZIP,
                        segments,
                        List.of(GZIP_HEADER),
                        List.of(FINAL_BLOCK, gzipTrailer(segments)),
                        "\"" + tag + "-gzip\""));
        variants.put(
                ContentCoding.ZSTD, join(ContentCoding.ZSTD, segments, List.of(), List.of(), "\"" + tag + "-zstd\""));
        return new EncodedBody(variants);
    }

    public Set<ContentCoding> codings() {
        return variants.keySet();
    }

    public Variant variant(ContentCoding coding) {
        return variants.get(coding);
    }

    /** The bytes all codings hold together: what a cache entry of this body weighs. */
    public long storedBytes() {
        long total = 0;
        for (Variant variant : variants.values()) {
            total += variant.length();
        }
        return total;
    }

    private static Variant join(
            ContentCoding coding, List<Segment> segments, List<ByteBuffer> head, List<ByteBuffer> tail, String etag) {
        List<ByteBuffer> parts = new ArrayList<>(segments.size() + head.size() + tail.size());
        parts.addAll(head);
        for (Segment segment : segments) {
            parts.add(segment.bytes(coding));
        }
        parts.addAll(tail);
        long length = 0;
        for (ByteBuffer part : parts) {
            length += part.remaining();
        }
        if (segments.size() <= 1 && parts.size() > 1) {
            // One page: gzip's header and trailer in the same buffer as its data, so a response
            // is one write. A many-segment body (the root index) keeps its parts shared instead.
            ByteBuffer joined = ByteBuffer.allocateDirect(Math.toIntExact(length));
            parts.forEach(part -> joined.put(part.duplicate()));
            return new Variant(coding, List.of(joined.flip().asReadOnlyBuffer()), length, etag);
        }
        return new Variant(coding, List.copyOf(parts), length, etag);
    }

    /** CRC-32 and length modulo 2^32 of the uncompressed data, little-endian (RFC 1952 §2.3.1). */
    private static ByteBuffer gzipTrailer(List<Segment> segments) {
        CRC32 crc = new CRC32();
        long size = 0;
        for (Segment segment : segments) {
            ByteBuffer identity = segment.bytes(ContentCoding.IDENTITY);
            size += identity.remaining();
            crc.update(identity);
        }
        long value = crc.getValue();
        return Segment.direct(new byte[] {
            (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24),
            (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)
        });
    }

    /** 128 bits of SHA-256 over the segments' digests: the same bytes give the same tag on every node. */
    private static String tag(List<Segment> segments) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Segment segment : segments) {
                digest.update(segment.sha256());
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
