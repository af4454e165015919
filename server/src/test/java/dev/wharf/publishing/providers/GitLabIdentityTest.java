package dev.wharf.publishing.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.publishing.PublisherRegistrationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitLabIdentityTest {

    @Test
    void validatedKeepsEnvironmentAsTyped() {
        GitLabIdentity identity = GitLabIdentity.validated("Group/Sub", "proj", " ci/release.yml ", "Prod");
        assertThat(identity)
                .isEqualTo(new GitLabIdentity("https://gitlab.com", "Group/Sub", "proj", "ci/release.yml", "Prod"));
        assertThat(identity.displayName()).isEqualTo("Group/Sub/proj, workflow ci/release.yml, environment Prod");
        assertThat(identity.url(Optional.of("d00d"))).contains("https://gitlab.com/Group/Sub/proj/commit/d00d");
        assertThat(GitLabIdentity.validated("gg", "p1", "a.yml", "   ").environment())
                .isEmpty();
    }

    @Test
    void identityKeyFoldsPathsNotEnvironment() {
        String key = GitLabIdentity.validated("group", "proj", "a.yml", "Prod").identityKey();
        assertThat(GitLabIdentity.validated("GROUP", "Proj", "a.yml", "Prod").identityKey())
                .isEqualTo(key);
        assertThat(GitLabIdentity.validated("group", "proj", "a.yml", "prod").identityKey())
                .isNotEqualTo(key);
    }

    @ParameterizedTest(name = "{0}/{1}/{2}/{3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "-group|proj|a.yml|''|Invalid GitLab namespace '-group'",
                "gr..oup|proj|a.yml|''|Invalid GitLab namespace 'gr..oup'",
                "group.git|proj|a.yml|''|Invalid GitLab namespace 'group.git'",
                "group|proj.ATOM|a.yml|''|Invalid GitLab project name 'proj.ATOM'",
                "group|p_-j|a.yml|''|Invalid GitLab project name 'p_-j'",
                "group|proj|a.txt|''|Top-level pipeline file path must end with .yml or .yaml",
                "group|proj|/a.yml|''|Top-level pipeline file path cannot start or end with /",
                "group|proj|a.yml|prod!|Environment name may contain only"
            })
    void registrationRules(String namespace, String project, String workflow, String env, String message) {
        assertThatThrownBy(() -> GitLabIdentity.validated(namespace, project, workflow, env))
                .isInstanceOf(PublisherRegistrationException.class)
                .hasMessageStartingWith(message);
    }
}
