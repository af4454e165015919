package dev.wharf.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 127.0.0.1, ::1, 2001:db8::/32");

    @ParameterizedTest(name = "[{index}] peer {0}, X-Forwarded-For: {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // An untrusted peer is the client, whatever it says.
                "203.0.113.5 | 198.51.100.1 | 203.0.113.5",
                // A trusted proxy: the last hop it names that is not itself a proxy.
                "127.0.0.1 | 198.51.100.1 | 198.51.100.1",
                "10.1.2.3 | 198.51.100.1, 10.9.9.9 | 198.51.100.1",
                // A client that forges an entry in front does not move its own address.
                "127.0.0.1 | 6.6.6.6, 198.51.100.1 | 198.51.100.1",
                "::1 | 2001:db8::7, 198.51.100.9 | 198.51.100.9",
                // All hops are proxies: the leftmost is as far as anyone can tell.
                "127.0.0.1 | 10.0.0.2, 10.0.0.1 | 10.0.0.2",
                // A malformed hop ends the walk at the hop that added it.
                "127.0.0.1 | 198.51.100.1, not-an-address | 127.0.0.1",
                "127.0.0.1 | example.org, 10.0.0.5 | 10.0.0.5",
                "127.0.0.1 | 300.1.1.1 | 127.0.0.1",
                // No header: the proxy itself.
                "127.0.0.1 | '' | 127.0.0.1",
            })
    void findsTheClient(String peer, String forwardedFor, String client) {
        assertThat(proxies.client(peer, forwardedFor.isEmpty() ? List.of() : List.of(forwardedFor)))
                .isEqualTo(client);
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(TrustedProxies.none().client("127.0.0.1", List.of("198.51.100.1")))
                .isEqualTo("127.0.0.1");
        assertThat(TrustedProxies.parse("").client("127.0.0.1", List.of("198.51.100.1")))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void severalHeaderLinesAreOneList() {
        assertThat(proxies.client("127.0.0.1", List.of("198.51.100.1", "10.0.0.3")))
                .isEqualTo("198.51.100.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.org", "10.0.0.0/8/8", "256.0.0.1", "10.0.0", "*", "10.0.0.1-10.0.0.9"})
    void anEntryThatIsNotAnAddressOrRangeIsRefused(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse("127.0.0.1, " + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + entry + "'");
    }
}
