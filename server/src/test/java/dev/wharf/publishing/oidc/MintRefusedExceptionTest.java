package dev.wharf.publishing.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.errors.Refusal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MintRefusedExceptionTest {
    static Stream<Arguments> pypiOrgTexts() {
        return Stream.of(
                Arguments.of(MintRefusedException.malformedJwt(), "invalid-payload", "malformed JWT"),
                Arguments.of(
                        MintRefusedException.unknownIssuer(), "invalid-payload", "unknown trusted publishing issuer"),
                Arguments.of(
                        MintRefusedException.notEnabled(IssuerKind.GITLAB),
                        "not-enabled",
                        "gitlab trusted publishing functionality not enabled"),
                Arguments.of(MintRefusedException.invalidToken(), "invalid-token", "malformed or invalid token"),
                Arguments.of(
                        MintRefusedException.projectAlreadyExists(),
                        "invalid-pending-publisher",
                        "valid token, but project already exists"),
                Arguments.of(
                        MintRefusedException.noPublisher("Missing claim 'sub'"),
                        "invalid-publisher",
                        "valid token, but no corresponding publisher (Missing claim 'sub')"),
                Arguments.of(MintRefusedException.alreadyUsed(), "invalid-reuse-token", "invalid token: already used"));
    }

    @ParameterizedTest
    @MethodSource("pypiOrgTexts")
    void codesAndDescriptionsAreExactlyPypiOrgs(MintRefusedException refused, String code, String description) {
        assertThat(refused.code()).isEqualTo(code);
        assertThat(refused.description()).isEqualTo(description);
        assertThat(refused.getMessage()).isEqualTo(description);
        assertThat(refused.refusal()).isEqualTo(Refusal.UNPROCESSABLE);
    }

    @Test
    void sixCodes() {
        assertThat(Stream.of(MintRefusal.values()).map(MintRefusal::code))
                .containsExactly(
                        "invalid-payload",
                        "not-enabled",
                        "invalid-token",
                        "invalid-publisher",
                        "invalid-pending-publisher",
                        "invalid-reuse-token");
        assertThat(MintRefusedException.MESSAGE).isEqualTo("Token request failed");
    }
}
