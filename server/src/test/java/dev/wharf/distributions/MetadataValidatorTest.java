package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.errors.Refusal;
import dev.wharf.upload.UploadForm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upload-form metadata through {@link FormMetadata} and {@link MetadataValidator}, against the
 * cases pypi.org refuses or accepts, with pypi.org's messages (Warehouse {@code forklift/legacy.py}).
 */
class MetadataValidatorTest {
    private static final String SEE =
            " See https://packaging.python.org/specifications/core-metadata for more information.";

    /** A valid Metadata 2.4 upload; each case overrides some fields (a null value removes one). */
    private static Map<String, List<String>> baseForm() {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put(":action", List.of("file_upload"));
        form.put("protocol_version", List.of("1"));
        form.put("metadata_version", List.of("2.4"));
        form.put("name", List.of("foo-bar"));
        form.put("version", List.of("1.0"));
        form.put("summary", List.of("A small example."));
        form.put("description", List.of("# Foo\n\nLong text.\n"));
        form.put("description_content_type", List.of("text/markdown"));
        form.put("author_email", List.of("Jane Doe <jane@example.org>, bob@example.org"));
        form.put("license_expression", List.of("MIT OR Apache-2.0"));
        form.put("license_file", List.of("LICENSE", "licenses/APACHE.txt"));
        form.put("classifiers", List.of("Programming Language :: Python :: 3", "Topic :: Utilities"));
        form.put("requires_python", List.of(">=3.9"));
        form.put("requires_dist", List.of("requests>=2.31", "rich[jupyter] (>=13); extra == 'fancy'"));
        form.put("provides_extra", List.of("fancy"));
        form.put("project_urls", List.of("Homepage, https://example.org", "Source, https://git.example.org/foo"));
        form.put("sha256_digest", List.of("0".repeat(64)));
        return form;
    }

    private static CoreMetadata metadata(String... overrides) {
        Map<String, List<String>> form = baseForm();
        Map<String, List<String>> replaced = new LinkedHashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            String field = overrides[i];
            String value = overrides[i + 1];
            if (value == null) {
                form.remove(field);
            } else {
                replaced.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
            }
        }
        form.putAll(replaced);
        UploadForm.Builder builder = UploadForm.builder();
        form.forEach((field, values) -> values.forEach(v -> builder.add(field, v)));
        return FormMetadata.fromForm(builder.build()::all);
    }

    private static void validate(String... overrides) {
        MetadataValidator.validate(metadata(overrides));
    }

    static Arguments refused(String message, String... overrides) {
        return Arguments.of(message, overrides);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                // the upload form's Name check
                refused("'' is an invalid value for Name. Error: This field is required." + SEE, "name", null),
                refused(
                        "'-bad-' is an invalid value for Name. Error: Start and end with a letter or numeral "
                                + "containing only ASCII numeric and '.', '_' and '-'." + SEE,
                        "name",
                        "-bad-"),
                refused(
                        "'f\u00f6\u00f6' is an invalid value for Name. Error: Start and end with a letter or numeral "
                                + "containing only ASCII numeric and '.', '_' and '-'." + SEE,
                        "name",
                        "f\u00f6\u00f6"),
                // unsupported metadata version; a missing one reads as ''
                refused("'2.0' is not a valid metadata version." + SEE, "metadata_version", "2.0"),
                refused("'' is not a valid metadata version." + SEE, "metadata_version", null),
                // versions
                refused(
                        "The use of local versions in '1.0+local' is not allowed. See "
                                + "https://packaging.python.org/specifications/version-specifiers/#local-version-identifiers "
                                + "for more information.",
                        "version",
                        "1.0+local"),
                refused("'not.a.version' is invalid for 'version'." + SEE, "version", "not.a.version"),
                refused("'version' is a required field." + SEE, "version", null),
                // a field newer than the declared metadata version
                refused(
                        "license-expression introduced in metadata version 2.4, not 2.1." + SEE,
                        "metadata_version",
                        "2.1",
                        "license_file",
                        null),
                refused(
                        "license-file introduced in metadata version 2.4, not 2.3." + SEE,
                        "metadata_version",
                        "2.3",
                        "license_expression",
                        null),
                refused(
                        "dynamic introduced in metadata version 2.2, not 2.1." + SEE,
                        "metadata_version",
                        "2.1",
                        "license_expression",
                        null,
                        "license_file",
                        null,
                        "dynamic",
                        "Summary"),
                refused("import-name introduced in metadata version 2.5, not 2.4." + SEE, "import_name", "foo_bar"),
                refused(
                        "maintainer introduced in metadata version 1.2, not 1.1." + SEE,
                        "metadata_version",
                        "1.1",
                        "license_expression",
                        null,
                        "license_file",
                        null,
                        "description_content_type",
                        null,
                        "requires_python",
                        null,
                        "requires_dist",
                        null,
                        "provides_extra",
                        null,
                        "project_urls",
                        null,
                        "maintainer",
                        "Jane"),
                // PEP 639 licenses
                refused(
                        "License is deprecated when License-Expression is present. "
                                + "Only License-Expression should be present." + SEE,
                        "license",
                        "MIT"),
                refused("'MIT OR' is invalid for 'license-expression'." + SEE, "license_expression", "MIT OR"),
                refused(
                        "'../LICENSE' is invalid for 'license-file', parent directory indicators are not allowed."
                                + SEE,
                        "license_file",
                        "../LICENSE"),
                refused(
                        "'LICEN*' is invalid for 'license-file', paths must be resolved." + SEE,
                        "license_file",
                        "LICEN*"),
                refused(
                        "'/LICENSE' is invalid for 'license-file', paths must be relative." + SEE,
                        "license_file",
                        "/LICENSE"),
                refused(
                        "'licenses\\\\MIT' is invalid for 'license-file', paths must use '/' delimiter." + SEE,
                        "license_file",
                        "licenses\\MIT"),
                // classifiers (shape and category only)
                refused(
                        "'Not :: A :: Classifier' is not a valid classifier." + SEE,
                        "classifiers",
                        "Not :: A :: Classifier"),
                refused("'Topic' is not a valid classifier." + SEE, "classifiers", "Topic"),
                // direct URL dependencies
                refused(
                        "Can't have direct dependency: foo@ https://x/y.whl." + SEE,
                        "requires_dist",
                        "foo @ https://x/y.whl"),
                refused(
                        "Can't have direct dependency: 'foo @ https://x/y.whl'." + SEE,
                        "provides_dist",
                        "foo @ https://x/y.whl"),
                refused("'foo >=' is invalid for 'requires-dist'." + SEE, "requires_dist", "foo >="),
                refused(
                        "'foo; bogus == \"1\"' is invalid for 'requires-dist'." + SEE,
                        "requires_dist",
                        "foo; bogus == \"1\""),
                // summary
                refused("'summary' field must be 512 characters or less." + SEE, "summary", "x".repeat(513)),
                refused("'summary' must be a single line." + SEE, "summary", "two\nlines"),
                // e-mail addresses
                refused(
                        "'not-an-email' is not a valid email address: An email address must have an @-sign." + SEE,
                        "author_email",
                        "not-an-email"),
                refused(
                        "'jane@example' is not a valid email address: The part after the @-sign is not valid. "
                                + "It should have a period." + SEE,
                        "maintainer_email",
                        "Jane <jane@example>"),
                // URLs
                refused("'notaurl' is not a valid url." + SEE, "project_urls", "Homepage, notaurl"),
                refused(
                        "'" + "L".repeat(33) + "' must be 32 characters or less." + SEE,
                        "project_urls",
                        "L".repeat(33) + ", https://example.org"),
                refused("Must have a URL." + SEE, "project_urls", "Homepage"),
                refused("Must have a label." + SEE, "project_urls", ", https://example.org"),
                refused(
                        "'ftp://example.org/f.tar.gz' is not a valid url." + SEE,
                        "download_url",
                        "ftp://example.org/f.tar.gz"),
                refused("'https://exa mple.org' is not a valid url." + SEE, "home_page", "https://exa mple.org"),
                // Dynamic
                refused("'version' is not allowed as a dynamic field." + SEE, "dynamic", "Version"),
                refused("'foo' is not a valid dynamic field." + SEE, "dynamic", "Foo"),
                refused("Dynamic field 'requires' is not a valid dynamic field." + SEE, "dynamic", "Requires"),
                // Requires-Python
                refused("'=>3' is invalid for 'requires-python'." + SEE, "requires_python", "=>3"),
                // PEP 685: extras normalized from 2.3 on
                refused("'Fancy_Extra' is invalid for 'provides-extra'." + SEE, "provides_extra", "Fancy_Extra"),
                // Description-Content-Type
                refused(
                        "'description-content-type' must be one of ['text/plain', 'text/x-rst', 'text/markdown'], "
                                + "not 'text/html'." + SEE,
                        "description_content_type",
                        "text/html"),
                refused(
                        "'description-content-type' can only specify the UTF-8 charset, not 'latin-1'." + SEE,
                        "description_content_type",
                        "text/x-rst; charset=latin-1"),
                refused(
                        "valid Markdown variants for 'description-content-type' are ['GFM', 'CommonMark'], not 'Foo'."
                                + SEE,
                        "description_content_type",
                        "text/markdown; variant=Foo"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("refusals")
    void refusesWithPypiMessage(String message, String[] overrides) {
        assertThatThrownBy(() -> validate(overrides))
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> acceptances() {
        return Stream.of(
                Arguments.of((Object) new String[] {}),
                // UNKNOWN, empty strings and unknown fields count as absent
                Arguments.of((Object) new String[] {"home_page", "UNKNOWN"}),
                Arguments.of((Object) new String[] {"requires_python", "", "comment", ""}),
                Arguments.of((Object) new String[] {"Description-Content-Type", "text/html", "provides_extras", "x"}),
                // Metadata 2.5 and 2.6 with import names
                Arguments.of((Object) new String[] {"metadata_version", "2.5", "import_name", "foo_bar"}),
                Arguments.of((Object) new String[] {
                    "metadata_version", "2.6", "import_name", "foo_bar.sub; private", "import_namespace", "foo"
                }),
                Arguments.of((Object) new String[] {"requires_python", ">=3.8,<4"}),
                Arguments.of((Object) new String[] {"requires_python", "~=3.10"}),
                Arguments.of((Object) new String[] {"requires_python", "==3.*"}),
                Arguments.of((Object) new String[] {"requires_python", "!=3.0.*, >=2.7"}),
                Arguments.of(
                        (Object) new String[] {"license_expression", "(MIT OR Apache-2.0) AND LicenseRef-Proprietary"}),
                Arguments.of(
                        (Object) new String[] {"license_expression", "GPL-2.0-or-later WITH Classpath-exception-2.0"}),
                Arguments.of((Object)
                        new String[] {"description_content_type", "text/markdown; charset=UTF-8; variant=CommonMark"}),
                Arguments.of((Object) new String[] {"description_content_type", "text/x-rst; charset=utf-8"}),
                Arguments.of((Object) new String[] {"dynamic", "Requires-Dist", "dynamic", "license-file"}),
                Arguments.of((Object) new String[] {"classifiers", "Private :: Do Not Upload"}),
                Arguments.of((Object) new String[] {"version", "2!1.0.post1.dev3"}),
                Arguments.of((Object) new String[] {"maintainer_email", "\"Smith, Bob\" <bob@example.org>"}),
                // before 2.3 an extra need only be a valid name, not a normalized one
                Arguments.of((Object) new String[] {
                    "metadata_version",
                    "2.2",
                    "license_expression",
                    null,
                    "license_file",
                    null,
                    "provides_extra",
                    "Fancy_Extra"
                }),
                Arguments.of((Object) new String[] {
                    "requires_dist",
                    "pywin32>=1.0; sys_platform == 'win32' and (python_version < '3.12' or extra == 'fancy')"
                }));
    }

    @ParameterizedTest
    @MethodSource("acceptances")
    void accepts(String[] overrides) {
        assertThatCode(() -> validate(overrides)).doesNotThrowAnyException();
    }

    @Test
    void repeatedSingleUseFieldHasInvalidData() {
        // a single-use field sent twice
        assertThatThrownBy(() -> metadata("summary", "one", "summary", "two"))
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessage("'summary' has invalid data." + SEE)
                .extracting(e -> ((InvalidMetadataException) e).refusal())
                .isEqualTo(Refusal.BAD_REQUEST);
    }

    @Test
    void repeatedProjectUrlLabelHasInvalidData() {
        assertThatThrownBy(() ->
                        metadata("project_urls", "Home, https://a.example", "project_urls", "Home, https://b.example"))
                .hasMessage("'project_urls' has invalid data." + SEE);
    }

    @Test
    void nameFailureComesBeforeEverythingElse() {
        // Warehouse checks the upload form before the metadata.
        assertThatThrownBy(() -> validate("name", "-bad-", "metadata_version", "2.0"))
                .hasMessageStartingWith("'-bad-' is an invalid value for Name.");
    }

    @Test
    void metadataVersionThenVersionThenAlphabetical() {
        assertThatThrownBy(() -> validate("metadata_version", "9.9", "version", "nope"))
                .hasMessageStartingWith("'9.9' is not a valid metadata version");
        assertThatThrownBy(() -> validate("version", "nope", "requires_python", "=>3"))
                .hasMessageStartingWith("'nope' is invalid for 'version'");
        assertThatThrownBy(
                        () -> validate("summary", "x".repeat(600), "author_email", "nope", "classifiers", "Nope :: X"))
                .hasMessageStartingWith("'nope' is not a valid email address");
    }

    @Test
    void standardRulesComeBeforePypiRules() {
        // "author-email" sorts before "requires-python", but packaging's rules run first on pypi.org.
        assertThatThrownBy(() -> validate("author_email", "nope", "requires_python", "=>3"))
                .hasMessageStartingWith("'=>3' is invalid for 'requires-python'");
    }

    @Test
    void firstProblemOfAFieldIsReported() {
        assertThatThrownBy(() -> validate("classifiers", "Zzz :: B", "classifiers", "Aaa :: B"))
                .hasMessage("'Aaa :: B' is not a valid classifier." + SEE);
    }

    @Test
    void longNamesAreShortenedInTheMessage() {
        String name = "-" + "a".repeat(70);
        assertThatThrownBy(() -> validate("name", name))
                .hasMessageStartingWith(
                        "'-" + "a".repeat(29) + "..." + "a".repeat(30) + "' is an invalid value for Name.");
    }

    @Test
    void legacyMetadataWithoutNewFieldsPasses() {
        CoreMetadata legacy = CoreMetadata.builder().build();
        assertThatThrownBy(() -> MetadataValidator.validate(legacy)).hasMessageStartingWith("'' is an invalid value");
        CoreMetadata.Builder builder = CoreMetadata.builder();
        builder.header("Metadata-Version", "1.0");
        builder.header("Name", "old");
        builder.header("Version", "0.1");
        builder.header("Summary", "old style");
        builder.header("Home-page", "http://old.example.org/");
        builder.header("Platform", "any");
        assertThatCode(() -> MetadataValidator.validate(builder.build())).doesNotThrowAnyException();
    }

    @Test
    void urlRule() {
        assertThat(MetadataValidator.isValidUrl("https://example.org/path?q=1#x"))
                .isTrue();
        assertThat(MetadataValidator.isValidUrl("HTTP://EXAMPLE.ORG")).isTrue();
        assertThat(MetadataValidator.isValidUrl("javascript:alert(1)")).isFalse();
        assertThat(MetadataValidator.isValidUrl("https:///no-host")).isFalse();
        assertThat(MetadataValidator.isValidUrl("/relative")).isFalse();
    }
}
