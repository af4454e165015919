package dev.wharf.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.publishing.providers.ClaimCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PublisherKindTest {

    @ParameterizedTest
    @CsvSource({
        "GITHUB, github, GitHub, https://token.actions.githubusercontent.com, true",
        "GITLAB, gitlab, GitLab, https://gitlab.com, true",
        "GOOGLE, google, Google, https://accounts.google.com, false",
        "ACTIVESTATE, activestate, ActiveState, https://platform.activestate.com/api/v1/oauth/oidc, false"
    })
    void labelsAndIssuersAreThoseOfTheReference(
            PublisherKind kind, String label, String display, String issuer, boolean custom) {
        assertThat(kind.label()).isEqualTo(label);
        assertThat(kind.displayName()).isEqualTo(display);
        assertThat(kind.canonicalIssuer()).isEqualTo(issuer);
        assertThat(kind.allowsCustomIssuer()).isEqualTo(custom);
        assertThat(PublisherKind.fromLabel(label)).isEqualTo(kind);
    }

    @ParameterizedTest
    @EnumSource(PublisherKind.class)
    void everyKindHasItsClaimTable(PublisherKind kind) {
        assertThat(ClaimCheck.forKind(kind).kind()).isEqualTo(kind);
    }

    @org.junit.jupiter.api.Test
    void unknownLabelIsRefused() {
        assertThatThrownBy(() -> PublisherKind.fromLabel("GitHub")).isInstanceOf(IllegalArgumentException.class);
    }
}
