package dev.wharf.publishing.providers;

import static dev.wharf.publishing.TestClaims.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.LookupKey;
import dev.wharf.publishing.MatchOutcome;
import dev.wharf.publishing.TestClaims;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActiveStateClaimsTest {
    private static final ActiveStateIdentity PUBLISHER =
            ActiveStateIdentity.validated("acme", "widgets", "alice", "u-1");

    /** pypi.org's rules ({@code oidc/models/activestate.py}); a null reason means the claims match. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("baseline", List.of(), null),
                Arguments.of("empty sub", List.of("sub", ""), "Missing 'subject' claim"),
                Arguments.of(
                        "sub with three parts",
                        List.of("sub", "org:acme:project"),
                        "Invalid 'subject' claim. Wrong format"),
                Arguments.of(
                        "sub of another organization",
                        List.of("sub", "org:other:project:widgets"),
                        "Invalid 'subject' claim"),
                Arguments.of(
                        "sub prefix compared exactly",
                        List.of("sub", "org:ACME:project:widgets:x"),
                        "Invalid 'subject' claim"),
                Arguments.of("sub with exactly four parts", List.of("sub", "org:acme:project:widgets"), null),
                Arguments.of(
                        "another builder",
                        List.of("builder", "someone-else"),
                        "Check failed for required claim 'builder': the token was not issued to ActiveState's PyPI publisher builder"),
                Arguments.of(
                        "another actor id",
                        List.of("actor_id", "u-2"),
                        "Check failed for required claim 'actor_id': the token was issued to another ActiveState user than the one registered"),
                Arguments.of("actor name is unchecked", List.of("actor", "mallory"), null),
                Arguments.of(
                        "another organization claim",
                        List.of("organization", "other"),
                        "Check failed for required claim 'organization': the token comes from another organization"),
                Arguments.of(
                        "another project claim",
                        List.of("project", "gadgets"),
                        "Check failed for required claim 'project': the token comes from another ActiveState project"),
                Arguments.of("builder missing", List.of("builder", ABSENT), "Missing claim 'builder'"),
                Arguments.of(
                        "actor_id not a string",
                        List.of("actor_id", 1),
                        "Check failed for required claim 'actor_id': the claim is not a JSON string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesAsTheReferenceDescribes(String name, List<Object> overrides, String reason) {
        MatchOutcome outcome = ActiveStateClaims.INSTANCE.match(
                PUBLISHER, TestClaims.with(TestClaims.activeState(), overrides.toArray()));
        assertThat(outcome).isEqualTo(reason == null ? MatchOutcome.matched() : new MatchOutcome.Mismatch(reason));
    }

    @Test
    void lookupKeyIsOrganizationProjectAndActorId() {
        LookupKey key = ActiveStateClaims.INSTANCE.lookupKey(Claims.of(TestClaims.activeState()));
        assertThat(key).isEqualTo(new LookupKey.ActiveStateKey("acme", "widgets", "u-1"));
        assertThat(key.value()).isEqualTo(LookupKey.of(PUBLISHER).value());
    }
}
