package dev.wharf.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimsTest {

    @Test
    void accessorsAreTypedAndTotal() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("s", "text");
        raw.put("empty", "");
        raw.put("b", true);
        raw.put("n", 1);
        raw.put("list", List.of("x"));
        raw.put("null", null);
        Claims claims = Claims.of(raw);
        assertThat(claims.string("s")).contains("text");
        assertThat(claims.string("empty")).contains("");
        assertThat(claims.string("n")).isEmpty();
        assertThat(claims.string("list")).isEmpty();
        assertThat(claims.bool("b")).contains(true);
        assertThat(claims.bool("s")).isEmpty();
        assertThat(claims.present("empty")).isTrue();
        assertThat(claims.present("null")).isFalse();
        assertThat(claims.present("absent")).isFalse();
    }

    @Test
    void isACopy() {
        Map<String, Object> raw = new HashMap<>(Map.of("a", "1"));
        Claims claims = Claims.of(raw);
        raw.put("a", "2");
        assertThat(claims.string("a")).contains("1");
    }
}
