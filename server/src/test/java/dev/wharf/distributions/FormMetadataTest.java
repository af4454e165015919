package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.upload.UploadForm;
import org.junit.jupiter.api.Test;

/** Upload-form field names (docs.pypi.org/api/upload/) land in the right {@link CoreMetadata} components. */
class FormMetadataTest {
    @Test
    void mapsEveryFormField() {
        UploadForm form = UploadForm.builder()
                .add(":action", "file_upload")
                .add("metadata_version", "2.4")
                .add("name", "Foo.Bar")
                .add("version", "1.0")
                .add("summary", "S")
                .add("description", "D")
                .add("description_content_type", "text/plain")
                .add("keywords", "a, b")
                .add("home_page", "https://h.example")
                .add("download_url", "https://d.example")
                .add("author", "A")
                .add("author_email", "a@example.org")
                .add("maintainer", "M")
                .add("maintainer_email", "m@example.org")
                .add("license", "L")
                .add("license_expression", "MIT")
                .add("license_file", "LICENSE")
                .add("license_file", "NOTICE")
                .add("classifiers", "Topic :: Utilities")
                .add("platform", "any")
                .add("supported_platform", "linux")
                .add("requires_python", ">=3.9")
                .add("requires_dist", "rich")
                .add("requires_dist", " six ")
                .add("provides_dist", "foo")
                .add("obsoletes_dist", "oldfoo")
                .add("requires_external", "libc")
                .add("provides_extra", "cli")
                .add("project_urls", "Home, https://h.example")
                .add("dynamic", "Requires-Dist")
                .add("requires", "os")
                .add("provides", "foo")
                .add("obsoletes", "bar")
                .add("import_name", "foo_bar")
                .add("import_namespace", "foo")
                .add("provides_extras", "ignored")
                .add("import_names", "ignored too")
                .build();

        CoreMetadata m = FormMetadata.fromForm(form::all);

        assertThat(m.metadataVersion()).isEqualTo("2.4");
        assertThat(m.name()).isEqualTo("Foo.Bar");
        assertThat(m.version()).isEqualTo("1.0");
        assertThat(m.summary()).contains("S");
        assertThat(m.description()).contains("D");
        assertThat(m.descriptionContentType()).contains("text/plain");
        assertThat(m.keywords()).contains("a, b");
        assertThat(m.homePage()).contains("https://h.example");
        assertThat(m.downloadUrl()).contains("https://d.example");
        assertThat(m.author()).contains("A");
        assertThat(m.authorEmail()).contains("a@example.org");
        assertThat(m.maintainer()).contains("M");
        assertThat(m.maintainerEmail()).contains("m@example.org");
        assertThat(m.license()).contains("L");
        assertThat(m.licenseExpression()).contains("MIT");
        assertThat(m.licenseFiles()).containsExactly("LICENSE", "NOTICE");
        assertThat(m.classifiers()).containsExactly("Topic :: Utilities");
        assertThat(m.platforms()).containsExactly("any");
        assertThat(m.supportedPlatforms()).containsExactly("linux");
        assertThat(m.requiresPython()).contains(">=3.9");
        assertThat(m.requiresDist()).containsExactly("rich", "six");
        assertThat(m.providesDist()).containsExactly("foo");
        assertThat(m.obsoletesDist()).containsExactly("oldfoo");
        assertThat(m.requiresExternal()).containsExactly("libc");
        assertThat(m.providesExtra()).containsExactly("cli");
        assertThat(m.projectUrlMap()).containsExactly(java.util.Map.entry("Home", "https://h.example"));
        assertThat(m.dynamic()).containsExactly("Requires-Dist");
        assertThat(m.requires()).containsExactly("os");
        assertThat(m.provides()).containsExactly("foo");
        assertThat(m.obsoletes()).containsExactly("bar");
        assertThat(m.importNames()).containsExactly("foo_bar");
        assertThat(m.importNamespaces()).containsExactly("foo");
    }

    @Test
    void absentAndEmptyFieldsStayAbsent() {
        CoreMetadata m = FormMetadata.fromForm(UploadForm.builder()
                .add("name", "x")
                .add("summary", "")
                .add("classifiers", "")
                .add("classifiers", "  ")
                .build()::all);
        assertThat(m.summary()).isEmpty();
        assertThat(m.classifiers()).isEmpty();
        assertThat(m.version()).isEmpty();
        assertThat(m.metadataVersion()).isEmpty();
    }
}
