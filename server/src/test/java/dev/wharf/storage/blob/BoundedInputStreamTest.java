package dev.wharf.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {
    private static final byte[] TEN = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void readsNoMoreThanTheLimit() throws IOException {
        BoundedInputStream in = new BoundedInputStream(new ByteArrayInputStream(TEN), 4);

        assertThat(in.readAllBytes()).containsExactly(0, 1, 2, 3);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void singleByteReadsCountToo() throws IOException {
        BoundedInputStream in = new BoundedInputStream(new ByteArrayInputStream(TEN), 2);

        assertThat(in.read()).isZero();
        assertThat(in.read()).isEqualTo(1);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(new byte[5], 0, 5)).isEqualTo(-1);
    }

    @Test
    void skipCannotJumpPastTheLimit() throws IOException {
        BoundedInputStream in = new BoundedInputStream(new ByteArrayInputStream(TEN), 5);

        assertThat(in.skip(3)).isEqualTo(3);
        assertThat(in.skip(100)).isEqualTo(2);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void skipCountsAgainstTheLimit() throws IOException {
        BoundedInputStream in = new BoundedInputStream(new ByteArrayInputStream(TEN), 5);

        in.skip(3);

        assertThat(in.readAllBytes()).containsExactly(3, 4);
    }

    @Test
    void availableIsBounded() throws IOException {
        BoundedInputStream in = new BoundedInputStream(new ByteArrayInputStream(TEN), 3);

        assertThat(in.available()).isEqualTo(3);
    }

    @Test
    void markAndResetAreRefused() {
        BoundedInputStream in = new BoundedInputStream(new ByteArrayInputStream(TEN), 3);
        in.mark(10);

        assertThat(in.markSupported()).isFalse();
        assertThatThrownBy(in::reset).isInstanceOf(IOException.class);
    }

    @Test
    void aZeroLimitReadsNothing() throws IOException {
        assertThat(new BoundedInputStream(new ByteArrayInputStream(TEN), 0).readAllBytes())
                .isEmpty();
    }
}
