package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.distributions.FileDigests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionFormTest {
    private static final Path WHEEL = Path.of("/usr/share/python-wheels/wheel-0.38.4-py3-none-any.whl");

    @TempDir
    Path scratch;

    @Test
    void aRealWheelGivesTheFieldsTwineSends() throws Exception {
        assumeTrue(Files.exists(WHEEL), "Debian's python3-wheel-whl is not installed");
        DistributionForm form = DistributionForm.of(WHEEL);
        Map<String, String> first = new java.util.LinkedHashMap<>();
        form.fields().forEach(e -> first.putIfAbsent(e.getKey(), e.getValue()));
        assertThat(first)
                .containsEntry(":action", "file_upload")
                .containsEntry("filetype", "bdist_wheel")
                .containsEntry("pyversion", "py3")
                .containsEntry("name", "wheel")
                .containsEntry("version", "0.38.4")
                .containsEntry(
                        "sha256_digest",
                        FileDigests.of(Files.readAllBytes(WHEEL)).sha256());
        // Metadata-Version 2.1: License-File is left out, as twine does.
        assertThat(form.fields()).noneMatch(e -> e.getKey().equals("license_file"));
    }

    @Test
    void otherFilesAreRefusedWithTheirName() throws Exception {
        Path egg = Files.writeString(scratch.resolve("foo-1.0.egg"), "x");
        assertThatThrownBy(() -> DistributionForm.of(egg))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("foo-1.0.egg");
    }
}
