package dev.wharf.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9110 §12.5.3 negotiation over the three codings, with gzip smaller than identity and zstd smallest. */
class AcceptEncodingTest {
    private static final Map<ContentCoding, Long> LENGTHS =
            Map.of(ContentCoding.IDENTITY, 1000L, ContentCoding.GZIP, 300L, ContentCoding.ZSTD, 280L);

    private static Optional<ContentCoding> choose(String header) {
        return AcceptEncoding.parse(header).choose(EnumSet.allOf(ContentCoding.class), LENGTHS::get);
    }

    @ParameterizedTest(name = "[{index}] Accept-Encoding: {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                // pip (urllib3) and requests
                "gzip, deflate | GZIP",
                // curl --compressed, browsers, uv-like lists: equal q, the smallest body wins
                "deflate, gzip, br, zstd | ZSTD",
                "gzip, br | GZIP",
                "br | IDENTITY",
                "deflate | IDENTITY",
                "identity | IDENTITY",
                // q-values decide before size
                "zstd;q=0.5, gzip | GZIP",
                "gzip;q=0.2, identity;q=0.3 | IDENTITY",
                "gzip;q=0.2 | GZIP",
                "GZIP;Q=1 | GZIP",
                "x-gzip | GZIP",
                "gzip;q=0, zstd;q=0 | IDENTITY",
                // the wildcard: unlisted codings take its q
                "* | ZSTD",
                "*;q=0.5, gzip | GZIP",
                "*;q=0, gzip | GZIP",
                "zstd;q=0, * | GZIP",
                // a malformed q voids its element, never the header
                "gzip;q=2, zstd;q=x | IDENTITY",
                "gzip;q=0.1234 | IDENTITY",
                "gzip ; q = 0.5 | GZIP",
                "gzip;level=1 | GZIP",
                ",,, ;; , gzip | GZIP",
            })
    void chooses(String header, ContentCoding expected) {
        assertThat(choose(header)).contains(expected);
    }

    @ParameterizedTest(name = "[{index}] Accept-Encoding: {0} accepts nothing we have")
    @CsvSource(
            delimiter = '|',
            value = {
                "identity;q=0",
                "*;q=0",
                "br, identity;q=0",
                "gzip;q=0, zstd;q=0, identity;q=0",
                "*;q=0, identity;q=0",
                "br;q=1, *;q=0",
            })
    void nothingAcceptable(String header) {
        assertThat(choose(header)).isEmpty();
    }

    @Test
    void noHeaderMeansIdentity() {
        assertThat(choose(null)).contains(ContentCoding.IDENTITY);
    }

    @Test
    void anEmptyHeaderAsksForIdentityOnly() {
        assertThat(choose("")).contains(ContentCoding.IDENTITY);
        assertThat(AcceptEncoding.parse("").quality(ContentCoding.GZIP)).isZero();
    }

    @Test
    void anOverlongHeaderIsIgnoredNotRefused() {
        String header = "gzip, " + "x".repeat(AcceptEncoding.MAX_HEADER);
        assertThat(choose(header)).contains(ContentCoding.IDENTITY);
    }

    @Test
    void onlyOfferedCodingsAreChosen() {
        assertThat(AcceptEncoding.parse("zstd, gzip;q=0.5")
                        .choose(EnumSet.of(ContentCoding.IDENTITY, ContentCoding.GZIP), LENGTHS::get))
                .contains(ContentCoding.GZIP);
    }

    @Test
    void anUnlistedIdentityIsTheLastChoice() {
        AcceptEncoding header = AcceptEncoding.parse("gzip;q=0.001");
        assertThat(header.quality(ContentCoding.IDENTITY)).isPositive().isLessThan(header.quality(ContentCoding.GZIP));
    }
}
