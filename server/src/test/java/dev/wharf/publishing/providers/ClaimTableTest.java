package dev.wharf.publishing.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.MatchOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimTableTest {
    private static final GoogleIdentity ANY = new GoogleIdentity("a@b.c", "");

    @Test
    void presenceIsCheckedBeforeAnyCheckAndRequiredChecksRunBeforeOptionalOnes() {
        List<String> ran = new ArrayList<>();
        ClaimTable<GoogleIdentity> table = new ClaimTable<>(
                List.of(
                        ClaimTable.optional("o", (p, c) -> {
                            ran.add("o");
                            return Optional.of("optional failed");
                        }),
                        ClaimTable.required("r", (p, c) -> {
                            ran.add("r");
                            return Optional.empty();
                        }),
                        ClaimTable.requiredUnverified("u")),
                Set.of());
        assertThat(table.match(ANY, Claims.of(Map.of("r", "x"))))
                .isEqualTo(new MatchOutcome.Mismatch("Missing claim 'u'"));
        assertThat(ran).isEmpty();
        assertThat(table.match(ANY, Claims.of(Map.of("r", "x", "u", ""))))
                .isEqualTo(new MatchOutcome.Mismatch("optional failed"));
        assertThat(ran).containsExactly("r", "o");
    }

    @Test
    void firstFailingRequiredCheckWins() {
        ClaimTable<GoogleIdentity> table = new ClaimTable<>(
                List.of(
                        ClaimTable.required("a", (p, c) -> ClaimTable.failedRequired("a", "first")),
                        ClaimTable.required("b", (p, c) -> ClaimTable.failedRequired("b", "second"))),
                Set.of());
        assertThat(table.match(ANY, Claims.of(Map.of("a", "1", "b", "2"))))
                .isEqualTo(new MatchOutcome.Mismatch("Check failed for required claim 'a': first"));
    }

    @Test
    void emptyTableMatches() {
        assertThat(new ClaimTable<GoogleIdentity>(List.of(), Set.of())
                        .match(ANY, Claims.of(Map.of()))
                        .isMatch())
                .isTrue();
    }
}
