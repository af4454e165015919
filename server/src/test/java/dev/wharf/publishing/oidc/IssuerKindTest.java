package dev.wharf.publishing.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IssuerKindTest {
    @ParameterizedTest
    @CsvSource({
        "GITHUB, github, https://token.actions.githubusercontent.com",
        "GITLAB, gitlab, https://gitlab.com",
        "GOOGLE, google, https://accounts.google.com",
        "ACTIVESTATE, activestate, https://platform.activestate.com/api/v1/oauth/oidc",
    })
    void servicesAndCanonicalUrlsAsPypiOrg(IssuerKind kind, String service, String url) {
        assertThat(kind.service()).isEqualTo(service);
        assertThat(kind.canonicalUrl()).isEqualTo(url);
        assertThat(IssuerKind.ofService(service.toUpperCase())).hasValue(kind);
        assertThat(IssuerKind.ofCanonicalUrl(url)).hasValue(kind);
    }

    @Test
    void unknownNamesAndUrls() {
        assertThat(IssuerKind.ofService("bitbucket")).isEmpty();
        assertThat(IssuerKind.ofService(null)).isEmpty();
        assertThat(IssuerKind.ofCanonicalUrl("https://gitlab.com/")).isEmpty();
    }
}
