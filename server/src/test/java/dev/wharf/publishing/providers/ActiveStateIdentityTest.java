package dev.wharf.publishing.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.publishing.PublisherRegistrationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActiveStateIdentityTest {

    @Test
    void validated() {
        ActiveStateIdentity identity = ActiveStateIdentity.validated("acme", "my.project", "alice", "u-1");
        assertThat(identity.url(Optional.of("sha"))).contains("https://platform.activestate.com/acme/my.project");
        assertThat(identity.displayName()).isEqualTo("acme/my.project, actor alice");
        assertThat(identity.identityKey())
                .isEqualTo(ActiveStateIdentity.validated("acme", "my.project", "renamed", "u-1")
                        .identityKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "-abc", "abc-", "a--b", "a_b_c", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void projectNameRules(String project) {
        assertThatThrownBy(() -> ActiveStateIdentity.validated("acme", project, "alice", "u-1"))
                .isInstanceOf(PublisherRegistrationException.class)
                .hasMessageStartingWith("Invalid ActiveState project name");
    }

    @Test
    void organizationMayNotContainTheSubjectSeparator() {
        assertThatThrownBy(() -> ActiveStateIdentity.validated("ac:me", "widgets", "alice", "u-1"))
                .hasMessage("ActiveState organization must not contain ':', '/' or spaces.");
    }
}
