package dev.wharf.distributions;

import java.nio.charset.StandardCharsets;

/**
 * Recognises a tar header block the way Python's {@code tarfile.is_tarfile} does: a 512-byte
 * block that is not all zeros and whose checksum field (octal, or GNU base-256) equals the sum of
 * the block's bytes with that field counted as spaces, either unsigned or signed. pypi.org
 * refuses a file that is both a zip and a tar, since the two readings of it differ.
 */
final class TarHeaderProbe {
    static final int BLOCK = 512;
    private static final int CHECKSUM_AT = 148;
    private static final int CHECKSUM_LENGTH = 8;

    private TarHeaderProbe() {}

    static boolean isTarHeader(byte[] block, int length) {
        if (length < BLOCK) {
            return false;
        }
        boolean allZero = true;
        for (int i = 0; i < BLOCK; i++) {
            if (block[i] != 0) {
                allZero = false;
                break;
            }
        }
        if (allZero) {
            return false;
        }
        long stored = parseChecksum(block);
        if (stored < 0) {
            return false;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= CHECKSUM_AT && i < CHECKSUM_AT + CHECKSUM_LENGTH) ? ' ' : block[i];
            unsigned += b & 0xFF;
            signed += (byte) b;
        }
        return stored == unsigned || stored == signed;
    }

    private static long parseChecksum(byte[] block) {
        int first = block[CHECKSUM_AT] & 0xFF;
        if (first == 0x80 || first == 0xFF) {
            // GNU base-256: big-endian two's complement over the remaining bytes.
            long value = first == 0xFF ? -1 : 0;
            for (int i = 1; i < CHECKSUM_LENGTH; i++) {
                value = (value << 8) | (block[CHECKSUM_AT + i] & 0xFF);
            }
            return value;
        }
        int end = CHECKSUM_AT;
        while (end < CHECKSUM_AT + CHECKSUM_LENGTH && block[end] != 0) {
            end++;
        }
        String text = new String(block, CHECKSUM_AT, end - CHECKSUM_AT, StandardCharsets.ISO_8859_1).strip();
        if (text.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '7') {
                return -1;
            }
        }
        return Long.parseLong(text, 8);
    }
}
