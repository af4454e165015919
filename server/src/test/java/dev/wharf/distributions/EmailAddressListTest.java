package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressListTest {
    @Test
    void splitsRfc822Lists() {
        assertThat(EmailAddressList.addresses(
                        "Jane Doe <jane@example.org>, \"Smith, Bob\" <bob@example.org>, ops@example.org,"))
                .containsExactly("jane@example.org", "bob@example.org", "ops@example.org");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jane@example.org",
                "j.a+ne@sub.example.co.uk",
                "user_name@xn--bcher-kva.example",
                "j\u00f6rg@m\u00fcller.example"
            })
    void acceptsAddresses(String address) {
        assertThat(EmailAddressList.reason(address)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not-an-email|An email address must have an @-sign.",
                "@example.org|There must be something before the @-sign.",
                "jane@|There must be something after the @-sign.",
                "jane@localhost|The part after the @-sign is not valid. It should have a period.",
                "ja ne@example.org|The email address contains invalid characters before the @-sign: SPACE.",
                ".jane@example.org|An email address cannot start with a period.",
                "jane.@example.org|An email address cannot have a period immediately before the @-sign.",
                "ja..ne@example.org|An email address cannot have two periods in a row.",
                "jane@.example.org|An email address cannot have a period immediately after the @-sign.",
                "jane@example.org.|An email address cannot end with a period.",
                "jane@exa_mple.org|The part after the @-sign contains invalid characters."
            })
    void refusesWithEmailValidatorWording(String address, String reason) {
        assertThat(EmailAddressList.reason(address)).contains(reason);
    }

    @Test
    void checksEveryAddressInTheList() {
        assertThat(EmailAddressList.check("ok@example.org, bad, also@bad"))
                .extracting(EmailAddressList.Problem::address)
                .containsExactly("bad", "also@bad");
    }
}
