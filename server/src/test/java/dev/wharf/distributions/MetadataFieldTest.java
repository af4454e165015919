package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetadataFieldTest {
    /** "Added in" versions from the core-metadata specification. */
    @ParameterizedTest
    @CsvSource({
        "Name,1.0",
        "Platform,1.0",
        "Supported-Platform,1.1",
        "Classifier,1.1",
        "Download-URL,1.1",
        "Maintainer,1.2",
        "Requires-Dist,1.2",
        "Requires-Python,1.2",
        "Project-URL,1.2",
        "Description-Content-Type,2.1",
        "Provides-Extra,2.1",
        "Dynamic,2.2",
        "License-Expression,2.4",
        "License-File,2.4",
        "Import-Name,2.5",
        "Import-Namespace,2.5"
    })
    void introducedIn(String header, String version) {
        assertThat(MetadataField.byHeader(header))
                .get()
                .extracting(MetadataField::introducedIn)
                .isEqualTo(version);
    }

    @Test
    void headersAreCaseInsensitive() {
        assertThat(MetadataField.byHeader("HOME-PAGE")).contains(MetadataField.HOME_PAGE);
        assertThat(MetadataField.byHeader("author-EMAIL")).contains(MetadataField.AUTHOR_EMAIL);
        assertThat(MetadataField.byHeader("X-Custom")).isEmpty();
    }

    @Test
    void metadataVersionsInOrderWithout20() {
        assertThat(MetadataField.age("2.0")).isNegative();
        assertThat(MetadataField.age("1.2")).isLessThan(MetadataField.age("2.1"));
        assertThat(MetadataField.age("2.6")).isEqualTo(MetadataField.METADATA_VERSIONS.size() - 1);
    }

    @Test
    void formNamesFollowWarehouse() {
        assertThat(MetadataField.CLASSIFIER.formName()).isEqualTo("classifiers");
        assertThat(MetadataField.PROJECT_URL.formName()).isEqualTo("project_urls");
        assertThat(MetadataField.LICENSE_FILE.formName()).isEqualTo("license_file");
        assertThat(MetadataField.PLATFORM.formName()).isEqualTo("platform");
        assertThat(MetadataField.HOME_PAGE.key()).isEqualTo("home-page");
    }
}
