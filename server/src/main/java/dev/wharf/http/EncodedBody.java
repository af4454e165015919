package dev.wharf.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
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
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** A final fixed-Huffman DEFLATE block holding only its end code: ends the joined segments. */
    private static final byte[] FINAL_BLOCK = {3, 0};

    private final Map<ContentCoding, Variant> variants;

    private EncodedBody(Map<ContentCoding, Variant> variants) {
        this.variants = variants;
    }

    /** One coded representation: its bytes as parts to send in order, their total and its ETag. */
    public record Variant(ContentCoding coding, List<byte[]> parts, long length, String etag) {
        public InputStream open() {
            List<InputStream> streams = new ArrayList<>(parts.size());
            for (byte[] part : parts) {
                streams.add(new ByteArrayInputStream(part));
            }
            return new SequenceInputStream(Collections.enumeration(streams));
        }

        /** The whole variant in one array (tests and small bodies). */
        public byte[] bytes() {
            byte[] all = new byte[Math.toIntExact(length)];
            int at = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
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
        variants.put(ContentCoding.IDENTITY, join(ContentCoding.IDENTITY, segments, List.of(), List.of(), "\"" + tag + "\""));
        variants.put(ContentCoding.GZIP, join(ContentCoding.GZIP, segments, List.of(GZIP_HEADER),
                List.of(FINAL_BLOCK, gzipTrailer(segments)), "\"" + tag + "-gzip\""));
        variants.put(ContentCoding.ZSTD, join(ContentCoding.ZSTD, segments, List.of(), List.of(), "\"" + tag + "-zstd\""));
        return new EncodedBody(variants);
    }

    public Set<ContentCoding> codings() {
        return variants.keySet();
    }

    public Variant variant(ContentCoding coding) {
        return variants.get(coding);
    }

    private static Variant join(ContentCoding coding, List<Segment> segments, List<byte[]> head, List<byte[]> tail, String etag) {
        List<byte[]> parts = new ArrayList<>(segments.size() + head.size() + tail.size());
        parts.addAll(head);
        for (Segment segment : segments) {
            parts.add(segment.bytes(coding));
        }
        parts.addAll(tail);
        long length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        return new Variant(coding, List.copyOf(parts), length, etag);
    }

    /** CRC-32 and length modulo 2^32 of the uncompressed data, little-endian (RFC 1952 §2.3.1). */
    private static byte[] gzipTrailer(List<Segment> segments) {
        CRC32 crc = new CRC32();
        long size = 0;
        for (Segment segment : segments) {
            crc.update(segment.identity());
            size += segment.identity().length;
        }
        long value = crc.getValue();
        return new byte[] {
                (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24),
                (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)};
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
