package dev.wharf.publishing.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.publishing.PublisherRegistrationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHubIdentityTest {

    @Test
    void validatedNormalizesAsPypiOrg() {
        GitHubIdentity identity = GitHubIdentity.validated(" octo-org ", "1234", "widgets", " release.yml ", "PyPI");
        assertThat(identity)
                .isEqualTo(new GitHubIdentity(
                        "octo-org",
                        "1234",
                        "widgets",
                        "release.yml",
                        "pypi",
                        "https://token.actions.githubusercontent.com"));
        assertThat(identity.displayName()).isEqualTo("octo-org/widgets, workflow release.yml, environment pypi");
        assertThat(identity.url(Optional.of("abc"))).contains("https://github.com/octo-org/widgets/commit/abc");
        assertThat(identity.url(Optional.empty())).contains("https://github.com/octo-org/widgets");
        assertThat(identity.kind().label()).isEqualTo("github");
    }

    @Test
    void gitHubEnterpriseIssuerIsPartOfTheIdentity() {
        GitHubIdentity ghes = GitHubIdentity.validated(
                "octo-org", "1234", "widgets", "release.yml", "", "https://ghe.example.com/_services/token");
        assertThat(ghes.displayName())
                .isEqualTo("octo-org/widgets, workflow release.yml, issuer https://ghe.example.com/_services/token");
        assertThat(ghes.url(Optional.empty())).contains("https://ghe.example.com/octo-org/widgets");
        // A server on another port keeps it in its links.
        assertThat(GitHubIdentity.validated(
                                "octo-org",
                                "1234",
                                "widgets",
                                "release.yml",
                                "",
                                "https://ghe.example.com:8443/_services/token")
                        .url(Optional.of("abc")))
                .contains("https://ghe.example.com:8443/octo-org/widgets/commit/abc");
        assertThat(ghes.identityKey())
                .isNotEqualTo(GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "")
                        .identityKey());
    }

    @Test
    void identityKeyFoldsNameCaseButKeepsOwnerIdAndWorkflow() {
        String key = GitHubIdentity.validated("octo-org", "1234", "widgets", "release.yml", "")
                .identityKey();
        assertThat(GitHubIdentity.validated("Octo-Org", "1234", "Widgets", "release.yml", "")
                        .identityKey())
                .isEqualTo(key);
        assertThat(GitHubIdentity.validated("octo-org", "5678", "widgets", "release.yml", "")
                        .identityKey())
                .isNotEqualTo(key);
        assertThat(GitHubIdentity.validated("octo-org", "1234", "widgets", "Release.yml", "")
                        .identityKey())
                .isNotEqualTo(key);
    }

    @ParameterizedTest(name = "{0}/{1}/{2}/{3}/{4}")
    @CsvSource(
            delimiter = '|',
            value = {
                "-octo|1|r|a.yml|''|Invalid GitHub owner '-octo'",
                "octo_org|1|r|a.yml|''|Invalid GitHub owner 'octo_org'",
                "octo|''|r|a.yml|''|GitHub owner ID (find it as \"id\" in https://api.github.com/users/octo) is required.",
                "octo|12a|r|a.yml|''|The GitHub owner ID must be a number: find it as \"id\" in https://api.github.com/users/octo.",
                "octo|1|r/x|a.yml|''|Invalid repository name 'r/x'",
                "octo|1|r|a.yml.txt|''|Workflow name must end with .yml or .yaml",
                "octo|1|r|dir/a.yml|''|Workflow filename must be a filename only, without directories",
                "octo|1|r|a.yml|' pypi'|Environment name may not start with whitespace",
                "octo|1|r|a.yml|'pypi '|Environment name may not end with whitespace",
                "octo|1|r|a.yml|py;pi|Environment name must not contain non-printable characters"
            })
    void registrationRules(String owner, String ownerId, String repo, String workflow, String env, String message) {
        assertThatThrownBy(() -> GitHubIdentity.validated(owner, ownerId, repo, workflow, env))
                .isInstanceOf(PublisherRegistrationException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void environmentLongerThan255IsRefused() {
        assertThatThrownBy(() -> GitHubIdentity.validated("octo", "1", "r", "a.yml", "e".repeat(256)))
                .hasMessage("Environment name is too long (maximum is 255 characters)");
        assertThat(GitHubIdentity.validated("octo", "1", "r", "a.yml", "e".repeat(255))
                        .environment())
                .hasSize(255);
    }

    @Test
    void issuerMustBeHttps() {
        assertThatThrownBy(() -> GitHubIdentity.validated("octo", "1", "r", "a.yml", "", "http://ghe.example.com"))
                .isInstanceOf(PublisherRegistrationException.class)
                .hasMessageContaining("https://");
    }
}
