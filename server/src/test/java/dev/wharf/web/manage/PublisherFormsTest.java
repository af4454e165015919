package dev.wharf.web.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.PublisherRegistrationException;
import dev.wharf.publishing.oidc.Issuer;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.publishing.providers.GitLabIdentity;
import dev.wharf.publishing.providers.GoogleIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublisherFormsTest {
    private static final List<Issuer> ISSUERS = List.of(
            Issuer.builtIn(IssuerKind.GITHUB),
            Issuer.builtIn(IssuerKind.GITLAB),
            Issuer.custom("https://ghes.example.org/_services/token", IssuerKind.GITHUB, Optional.empty(), false),
            Issuer.custom("https://gitlab.example.org", IssuerKind.GITLAB, Optional.empty(), false));

    @Test
    void issuerChoicesArePublicServiceFirstThenAddedIssuersOfTheSameKind() {
        assertThat(PublisherForms.issuerOptions(PublisherKind.GITHUB, ISSUERS))
                .extracting(IssuerOption::url)
                .containsExactly(GitHubIdentity.DEFAULT_ISSUER, "https://ghes.example.org/_services/token");
        assertThat(PublisherForms.issuerOptions(PublisherKind.GITLAB, ISSUERS))
                .extracting(IssuerOption::url)
                .containsExactly(GitLabIdentity.DEFAULT_ISSUER, "https://gitlab.example.org");
        assertThat(PublisherForms.issuerOptions(PublisherKind.GOOGLE, ISSUERS)).hasSize(1);
    }

    @Test
    void fieldsBecomeTheKindsIdentity() {
        var github = PublisherForms.identity(
                PublisherKind.GITHUB,
                Map.of(
                        "owner",
                        "Octo",
                        "owner_id",
                        "42",
                        "repository",
                        "r",
                        "workflow_filename",
                        "release.yml",
                        "issuer",
                        "https://ghes.example.org/_services/token"),
                ISSUERS);
        assertThat(github)
                .isEqualTo(new GitHubIdentity(
                        "Octo", "42", "r", "release.yml", "", "https://ghes.example.org/_services/token"));
        var google = PublisherForms.identity(PublisherKind.GOOGLE, Map.of("email", "a@b.example"), ISSUERS);
        assertThat(google).isEqualTo(new GoogleIdentity("a@b.example", ""));
        var gitlab = PublisherForms.identity(
                PublisherKind.GITLAB,
                Map.of("namespace", "group", "project", "p1", "workflow_filepath", ".gitlab-ci.yml"),
                ISSUERS);
        assertThat(gitlab.issuerUrl()).isEqualTo(GitLabIdentity.DEFAULT_ISSUER);
    }

    @Test
    void anIssuerOfAnotherKindIsRefused() {
        assertThatThrownBy(() -> PublisherForms.identity(
                        PublisherKind.GITHUB,
                        Map.of(
                                "owner",
                                "o",
                                "owner_id",
                                "1",
                                "repository",
                                "r",
                                "workflow_filename",
                                "w.yml",
                                "issuer",
                                "https://gitlab.example.org"),
                        ISSUERS))
                .isInstanceOf(PublisherRegistrationException.class)
                .hasMessageStartingWith("Choose one of the listed issuers");
    }
}
