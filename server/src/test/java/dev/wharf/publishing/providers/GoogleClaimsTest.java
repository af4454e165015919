package dev.wharf.publishing.providers;

import static dev.wharf.publishing.TestClaims.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.publishing.MatchOutcome;
import dev.wharf.publishing.TestClaims;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GoogleClaimsTest {
    private static final GoogleIdentity ANY_SUB = GoogleIdentity.validated("ci@proj.iam.gserviceaccount.com", "");
    private static final GoogleIdentity PINNED = GoogleIdentity.validated("ci@proj.iam.gserviceaccount.com", "111");
    private static final String NOT_VERIFIED = "Check failed for required claim 'email_verified': the token's email "
            + "address is not verified (email_verified must be the JSON boolean true)";

    private static Arguments row(String name, GoogleIdentity publisher, List<Object> overrides, String reason) {
        return Arguments.of(name, publisher, overrides, reason);
    }

    /** pypi.org's rules ({@code oidc/models/google.py}), booleans strict; a null reason means a match. */
    static Stream<Arguments> cases() {
        return Stream.of(
                row("baseline", ANY_SUB, List.of(), null),
                row("email_verified false", ANY_SUB, List.of("email_verified", false), NOT_VERIFIED),
                row("email_verified as the string \"true\"", ANY_SUB, List.of("email_verified", "true"), NOT_VERIFIED),
                row(
                        "email_verified as 1 (pypi.org lets it through)",
                        ANY_SUB,
                        List.of("email_verified", 1),
                        NOT_VERIFIED),
                row(
                        "email_verified missing",
                        ANY_SUB,
                        List.of("email_verified", ABSENT),
                        "Missing claim 'email_verified'"),
                row("email missing", ANY_SUB, List.of("email", ABSENT), "Missing claim 'email'"),
                row(
                        "email in other case",
                        ANY_SUB,
                        List.of("email", "CI@proj.iam.gserviceaccount.com"),
                        "Check failed for required claim 'email': the token is for another service account"),
                row(
                        "email not a string",
                        ANY_SUB,
                        List.of("email", 3),
                        "Check failed for required claim 'email': the claim is not a JSON string"),
                row("pinned sub matches", PINNED, List.of(), null),
                row(
                        "pinned sub differs",
                        PINNED,
                        List.of("sub", "222"),
                        "Check failed for optional claim 'sub': this publisher is pinned to one service account id, and "
                                + "the token's subject is not it (was the service account deleted and re-created?)"),
                row(
                        "pinned sub, token without sub",
                        PINNED,
                        List.of("sub", ABSENT),
                        "Check failed for optional claim 'sub': this publisher is pinned to one service account id, and "
                                + "the token's subject is not it (was the service account deleted and re-created?)"),
                row("any sub accepts a token without sub", ANY_SUB, List.of("sub", ABSENT), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesAsTheReferenceDescribes(String name, GoogleIdentity publisher, List<Object> overrides, String reason) {
        MatchOutcome outcome =
                GoogleClaims.INSTANCE.match(publisher, TestClaims.with(TestClaims.google(), overrides.toArray()));
        assertThat(outcome).isEqualTo(reason == null ? MatchOutcome.matched() : new MatchOutcome.Mismatch(reason));
    }

    @ParameterizedTest
    @CsvSource({"'', 111, 1", "111, 111, 2", "222, 111, -1"})
    void specificSubBeatsAnySub(String publisherSub, String claimSub, int expected) {
        assertThat(GoogleClaims.INSTANCE.specificity(
                        GoogleIdentity.validated("ci@proj.iam.gserviceaccount.com", publisherSub),
                        TestClaims.with(TestClaims.google(), "sub", claimSub)))
                .isEqualTo(expected);
    }
}
