package dev.wharf.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReprTest {

    @Test
    void quotesAsPython() {
        assertThat(Repr.of("abc")).isEqualTo("'abc'");
        assertThat(Repr.of("it's")).isEqualTo("\"it's\"");
        assertThat(Repr.of("both ' and \"")).isEqualTo("'both \\' and \"'");
        assertThat(Repr.of("back\\slash")).isEqualTo("'back\\\\slash'");
    }

    @Test
    void controlCharactersAreEscapedAndLongValuesCut() {
        assertThat(Repr.of("a\nb\u0001")).isEqualTo("'a\\nb\\x01'");
        assertThat(Repr.of("x".repeat(1000))).hasSize(Repr.MAX_ECHO + 5);
    }

    @Test
    void sortedListIsPythonsRepr() {
        assertThat(Repr.sortedList(List.of("b@2", "b@1"))).isEqualTo("['b@1', 'b@2']");
    }
}
