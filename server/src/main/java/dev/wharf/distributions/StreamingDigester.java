package dev.wharf.distributions;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Computes md5, sha256 and BLAKE2b-256 in one pass while an upload streams through, so a file
 * is never read twice. The JDK has no BLAKE2; Bouncy Castle's {@link Blake2bDigest} provides it.
 */
public final class StreamingDigester {
    private final MessageDigest md5 = newDigest("MD5");
    private final MessageDigest sha256 = newDigest("SHA-256");
    private final Blake2bDigest blake2b = new Blake2bDigest(256);

    public void update(byte[] bytes, int offset, int length) {
        md5.update(bytes, offset, length);
        sha256.update(bytes, offset, length);
        blake2b.update(bytes, offset, length);
    }

    /** Consumes the remaining bytes of {@code buffer} without changing its position. */
    public void update(ByteBuffer buffer) {
        ByteBuffer view = buffer.slice();
        if (view.hasArray()) {
            update(view.array(), view.arrayOffset(), view.remaining());
            return;
        }
        byte[] chunk = new byte[Math.min(view.remaining(), 64 * 1024)];
        while (view.hasRemaining()) {
            int n = Math.min(chunk.length, view.remaining());
            view.get(chunk, 0, n);
            update(chunk, 0, n);
        }
    }

    public FileDigests finish() {
        byte[] blake = new byte[32];
        blake2b.doFinal(blake, 0);
        return new FileDigests(FileDigests.hex(md5.digest()), FileDigests.hex(sha256.digest()), FileDigests.hex(blake));
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java runtime", e);
        }
    }
}
