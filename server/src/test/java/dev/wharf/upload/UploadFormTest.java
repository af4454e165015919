package dev.wharf.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.distributions.InvalidMetadataException;
import org.junit.jupiter.api.Test;

/** pypi.org's {@code sanitize} rules (Warehouse {@code forklift/legacy.py}) and the form's limits. */
class UploadFormTest {
    @Test
    void dropsUnknownValues() {
        UploadForm form = UploadForm.builder()
                .add("home_page", " UNKNOWN ")
                .add("platform", "UNKNOWN")
                .add("platform", "linux")
                .build();
        assertThat(form.has("home_page")).isFalse();
        assertThat(form.single("home_page")).isEmpty();
        assertThat(form.all("platform")).containsExactly("linux");
    }

    @Test
    void escapesNul() {
        UploadForm form = UploadForm.builder().add("summary", "a\0b").build();
        assertThat(form.single("summary")).contains("a\\x00b");
    }

    @Test
    void lonelyEmptyStringIsAbsent() {
        UploadForm form = UploadForm.builder()
                .add("requires_python", "")
                .add("classifiers", "")
                .add("classifiers", "Topic :: Utilities")
                .build();
        assertThat(form.has("requires_python")).isFalse();
        assertThat(form.all("requires_python")).isEmpty();
        assertThat(form.all("classifiers")).containsExactly("", "Topic :: Utilities");
    }

    @Test
    void singleRefusesTwoNonEmptyValues() {
        UploadForm form = UploadForm.builder()
                .add("summary", "one")
                .add("summary", "two")
                .add("version", "")
                .add("version", "1.0")
                .build();
        assertThat(form.single("version")).contains("1.0");
        assertThatThrownBy(() -> form.single("summary"))
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessage(
                        "'summary' has invalid data. See https://packaging.python.org/specifications/core-metadata for more information.");
    }

    @Test
    void keepsArrivalOrder() {
        UploadForm form =
                UploadForm.builder().add("b", "1").add("a", "2").add("b", "3").build();
        assertThat(form.fieldNames()).containsExactly("b", "a");
        assertThat(form.all("b")).containsExactly("1", "3");
    }

    @Test
    void limitsFieldCount() {
        UploadForm.Builder builder = UploadForm.builder();
        for (int i = 0; i < UploadForm.MAX_FIELDS; i++) {
            builder.add("classifiers", "Topic :: Utilities");
        }
        assertThatThrownBy(() -> builder.add("one", "more"))
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessage("The upload form has more than 2000 fields.");
    }

    @Test
    void limitsValueLength() {
        String big = "x".repeat(UploadForm.MAX_VALUE_CHARS + 1);
        assertThatThrownBy(() -> UploadForm.builder().add("summary", big))
                .hasMessage("The form field 'summary' is longer than the limit of 65536 characters.");
        assertThat(UploadForm.builder().add("description", big).build().single("description"))
                .contains(big);
        String huge = "x".repeat(UploadForm.MAX_DESCRIPTION_CHARS + 1);
        assertThatThrownBy(() -> UploadForm.builder().add("description", huge)).hasMessageContaining("1048576");
    }
}
