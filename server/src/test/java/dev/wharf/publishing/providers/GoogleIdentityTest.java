package dev.wharf.publishing.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.publishing.PublisherRegistrationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoogleIdentityTest {

    @Test
    void validated() {
        GoogleIdentity identity = GoogleIdentity.validated("ci@proj.iam.gserviceaccount.com", null);
        assertThat(identity.sub()).isEmpty();
        assertThat(identity.displayName()).isEqualTo("ci@proj.iam.gserviceaccount.com");
        assertThat(identity.url(Optional.of("x"))).isEmpty();
        assertThat(identity.issuerUrl()).isEqualTo("https://accounts.google.com");
        assertThat(GoogleIdentity.validated("a@b.co", "42").displayName()).isEqualTo("a@b.co, subject 42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-at-sign", "a@b", "a b@c.d", "a@@b.c"})
    void refusesOddEmails(String email) {
        assertThatThrownBy(() -> GoogleIdentity.validated(email, ""))
                .isInstanceOf(PublisherRegistrationException.class)
                .hasMessageStartingWith("Invalid email address");
    }
}
