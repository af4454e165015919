package dev.wharf.distributions;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Sits between the gunzipped bytes and commons-compress's {@code TarArchiveInputStream} and
 * follows the tar block structure itself, for two reasons the tar library cannot serve:
 * <ul>
 *   <li>the library reads GNU long names ({@code L}, {@code K}) and PAX headers ({@code x},
 *       {@code g}) fully into memory whatever size they declare; we refuse any such header over
 *       {@link #MAX_EXTENDED_HEADER} bytes before it is buffered;</li>
 *   <li>sparse members (GNU type {@code S}, PAX {@code GNU.sparse.*}) are refused at their header,
 *       before the library interprets a sparse map (pypi.org: "Sparse members are not
 *       allowed").</li>
 * </ul>
 * It also counts every decompressed byte, enforcing the total-size limit and pypi.org's
 * compression-ratio rule as the bytes arrive, so a gzip bomb stops as soon as it is one.
 * Reading stops being policed at the first all-zero header block (end of archive), where the
 * tar library stops too.
 */
final class TarStreamGuard extends FilterInputStream {
    /** No legitimate long name or PAX header is anywhere near this. */
    static final int MAX_EXTENDED_HEADER = 1024 * 1024;

    private final ArchiveLimits limits;
    private final long fileSize;
    private long total;

    private final byte[] header = new byte[TarHeaderProbe.BLOCK];
    private int headerFill;
    private long dataRemaining; // bytes of the current member's data plus padding still to pass
    private byte[] pax; // the PAX record being collected, or null
    private int paxFill;
    private int paxLength;
    private boolean paxGlobal;
    private long pendingSize = -1; // size override from a PAX 'x' header for the next member
    private boolean ended;

    TarStreamGuard(InputStream in, ArchiveLimits limits, long fileSize) {
        super(in);
        this.limits = limits;
        this.fileSize = fileSize;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            count(n);
            observe(buffer, offset, n);
        }
        return n;
    }

    /** Skipped bytes are read, so that they are counted and the block walk stays in step. */
    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: the block walk cannot rewind
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void count(int n) {
        total += n;
        if (limits.exceedsRatio(total, fileSize)) {
            throw InvalidDistributionException.of("File exceeds compression ratio of " + limits.ratioText());
        }
        if (total > limits.maxUncompressedTotal()) {
            throw InvalidDistributionException.tarNotAccepted(
                    "Uncompressed size exceeds the limit of " + limits.maxUncompressedTotal() + " bytes");
        }
    }

    private void observe(byte[] buffer, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end && !ended) {
            if (dataRemaining > 0) {
                int take = (int) Math.min(dataRemaining, end - at);
                if (pax != null) {
                    int useful = Math.min(take, paxLength - paxFill);
                    if (useful > 0) {
                        System.arraycopy(buffer, at, pax, paxFill, useful);
                        paxFill += useful;
                    }
                    if (paxFill == paxLength) {
                        paxRecords(pax, paxLength, paxGlobal);
                        pax = null;
                    }
                }
                at += take;
                dataRemaining -= take;
                continue;
            }
            int take = Math.min(TarHeaderProbe.BLOCK - headerFill, end - at);
            System.arraycopy(buffer, at, header, headerFill, take);
            headerFill += take;
            at += take;
            if (headerFill == TarHeaderProbe.BLOCK) {
                headerFill = 0;
                onHeader();
            }
        }
    }

    private void onHeader() {
        boolean zero = true;
        for (byte b : header) {
            if (b != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            ended = true;
            return;
        }
        char type = (char) (header[156] & 0xFF);
        long size = parseNumber(header, 124, 12);
        if (type == 'S') {
            throw sparse();
        }
        boolean extended = type == 'L' || type == 'K' || type == 'x' || type == 'g' || type == 'X';
        if (extended) {
            if (size > MAX_EXTENDED_HEADER) {
                throw InvalidDistributionException.tarNotAccepted(
                        "Extended header larger than " + MAX_EXTENDED_HEADER + " bytes");
            }
            if (type != 'L' && type != 'K' && size > 0) {
                pax = new byte[(int) size];
                paxLength = (int) size;
                paxFill = 0;
                paxGlobal = type == 'g';
            }
        } else {
            if (pendingSize >= 0) {
                size = pendingSize;
                pendingSize = -1;
            }
            // Python's tarfile (what pip extracts sdists with) reads no data after a link,
            // directory, device or FIFO header whatever its size field says; commons-compress
            // skips that many bytes. A non-zero size there would make the two see different
            // members, so it is refused.
            if (type >= '1' && type <= '6' && size != 0) {
                throw malformed();
            }
        }
        if (size < 0) {
            throw malformed();
        }
        dataRemaining = (size + TarHeaderProbe.BLOCK - 1) / TarHeaderProbe.BLOCK * TarHeaderProbe.BLOCK;
    }

    /** PAX extended header records: {@code "<length> <key>=<value>\n"} (POSIX.1-2001 pax). */
    private void paxRecords(byte[] data, int length, boolean global) {
        int at = 0;
        while (at < length) {
            if (data[at] == 0) {
                break; // NUL padding
            }
            int space = at;
            while (space < length && data[space] != ' ') {
                space++;
            }
            long recordLength;
            try {
                recordLength = Long.parseLong(new String(data, at, space - at, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw malformed();
            }
            if (recordLength <= space - at + 1 || at + recordLength > length) {
                throw malformed();
            }
            int recordEnd = (int) (at + recordLength);
            int equals = space + 1;
            while (equals < recordEnd && data[equals] != '=') {
                equals++;
            }
            if (equals >= recordEnd) {
                throw malformed();
            }
            String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            // value excludes the trailing newline
            String value = new String(data, equals + 1, Math.max(0, recordEnd - equals - 2), StandardCharsets.UTF_8);
            if (key.startsWith("GNU.sparse.")) {
                throw sparse();
            }
            if (key.equals("size")) {
                if (global) {
                    // A global size would apply to every later member; nothing legitimate does it.
                    throw malformed();
                }
                try {
                    pendingSize = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw malformed();
                }
                if (pendingSize < 0) {
                    throw malformed();
                }
            }
            at = recordEnd;
        }
    }

    /** Tar numeric field: NUL/space-terminated octal, or GNU base-256 when the top bit is set. */
    private static long parseNumber(byte[] block, int offset, int length) {
        int first = block[offset] & 0xFF;
        if ((first & 0x80) != 0) {
            if (first == 0xFF) {
                throw malformed(); // negative
            }
            long value = first & 0x7F;
            for (int i = 1; i < length; i++) {
                if ((value >>> 55) != 0) {
                    throw malformed();
                }
                value = (value << 8) | (block[offset + i] & 0xFF);
            }
            return value;
        }
        long value = 0;
        int i = offset;
        int end = offset + length;
        while (i < end && (block[i] == ' ' || block[i] == 0)) {
            i++;
        }
        for (; i < end && block[i] >= '0' && block[i] <= '7'; i++) {
            value = value * 8 + (block[i] - '0');
        }
        return value;
    }

    private static InvalidDistributionException sparse() {
        return InvalidDistributionException.tarNotAccepted("Sparse members are not allowed");
    }

    static InvalidDistributionException malformed() {
        return InvalidDistributionException.tarNotAccepted("Malformed tar archive");
    }
}
