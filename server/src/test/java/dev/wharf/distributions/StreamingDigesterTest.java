package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingDigesterTest {
    /** Known answers: RFC 1321 (md5), FIPS 180-2 (sha256 "abc"), and BLAKE2b-256 as computed by CPython's hashlib. */
    static final FileDigests EMPTY = new FileDigests(
            "d41d8cd98f00b204e9800998ecf8427e",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");

    static final FileDigests ABC = new FileDigests(
            "900150983cd24fb0d6963f7d28e17f72",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");

    @Test
    void emptyInput() {
        assertThat(new StreamingDigester().finish()).isEqualTo(EMPTY);
    }

    @Test
    void abcFromAnOffsetIntoALargerArray() {
        StreamingDigester digester = new StreamingDigester();
        byte[] padded = "xxabcyy".getBytes(StandardCharsets.US_ASCII);
        digester.update(padded, 2, 3);
        assertThat(digester.finish()).isEqualTo(ABC);
    }

    @Test
    void abcByteByByte() {
        StreamingDigester digester = new StreamingDigester();
        for (byte b : "abc".getBytes(StandardCharsets.US_ASCII)) {
            digester.update(new byte[] {b}, 0, 1);
        }
        assertThat(digester.finish()).isEqualTo(ABC);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 4096, 65536, 100_000})
    void chunkedEqualsOneShot(int chunk) {
        byte[] data = new byte[300_001];
        new Random(42).nextBytes(data);
        StreamingDigester digester = new StreamingDigester();
        for (int offset = 0; offset < data.length; offset += chunk) {
            digester.update(data, offset, Math.min(chunk, data.length - offset));
        }
        assertThat(digester.finish()).isEqualTo(FileDigests.of(data));
    }

    @Test
    void heapBufferIsDigestedFromItsPositionAndLeftUntouched() {
        ByteBuffer buffer = ByteBuffer.wrap("--abc".getBytes(StandardCharsets.US_ASCII));
        buffer.position(2);
        StreamingDigester digester = new StreamingDigester();
        digester.update(buffer);
        assertThat(buffer.position()).isEqualTo(2);
        assertThat(digester.finish()).isEqualTo(ABC);
    }

    @Test
    void directBufferLargerThanTheCopyChunkIsDigestedWhole() {
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
        direct.put(data).flip();
        StreamingDigester digester = new StreamingDigester();
        digester.update(direct);
        assertThat(direct.remaining()).isEqualTo(data.length);
        assertThat(digester.finish()).isEqualTo(FileDigests.of(data));
    }

    @Test
    void readOnlyBufferIsDigestedToo() {
        ByteBuffer readOnly =
                ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        StreamingDigester digester = new StreamingDigester();
        digester.update(readOnly);
        assertThat(digester.finish()).isEqualTo(ABC);
    }
}
