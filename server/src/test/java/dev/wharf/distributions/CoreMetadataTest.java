package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@link CoreMetadata#parse(byte[])} on real wheels' METADATA and hand-written PKG-INFO files. */
class CoreMetadataTest {
    private static final Path DEBIAN_WHEELS = Path.of("/usr/share/python-wheels");

    private static CoreMetadata parse(String text) {
        return CoreMetadata.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** METADATA of every wheel Debian ships (python3-pip-whl, python3-setuptools-whl, ...). */
    private static List<byte[]> debianWheelMetadata() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DEBIAN_WHEELS), "Debian's wheels are not installed");
        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> wheels = Files.list(DEBIAN_WHEELS)) {
            for (Path wheel :
                    wheels.filter(p -> p.toString().endsWith(".whl")).sorted().toList()) {
                try (ZipFile zip = new ZipFile(wheel.toFile())) {
                    ZipEntry entry = zip.stream()
                            .filter(e -> e.getName().matches("[^/]+\\.dist-info/METADATA"))
                            .findFirst()
                            .orElseThrow();
                    files.add(zip.getInputStream(entry).readAllBytes());
                }
            }
        }
        Assumptions.assumeFalse(files.isEmpty(), "no wheels in " + DEBIAN_WHEELS);
        return files;
    }

    @Test
    void parsesRealWheelMetadata() throws Exception {
        for (byte[] file : debianWheelMetadata()) {
            CoreMetadata m = CoreMetadata.parse(file);
            String text = new String(file, StandardCharsets.UTF_8);
            assertThat(m.name()).isNotEmpty().isEqualTo(header(text, "Name"));
            assertThat(m.version()).isEqualTo(header(text, "Version"));
            assertThat(m.metadataVersion()).isEqualTo(header(text, "Metadata-Version"));
            assertThat(m.classifiers()).hasSize(count(text, "Classifier"));
            assertThat(m.requiresDist()).hasSize(count(text, "Requires-Dist"));
            assertThat(m.projectUrls())
                    .hasSize(count(text, "Project-URL"))
                    .allSatisfy(u -> assertThat(u.url()).startsWith("https://"));
            assertThat(m.description())
                    .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .isNotBlank();
            // every Requires-Dist line these real projects wrote is valid PEP 508
            for (String requirement : m.requiresDist()) {
                assertThat(RequirementGrammar.parse(requirement).name()).isNotEmpty();
            }
        }
    }

    @Test
    void realWheelsWithLicenseFileInMetadata21AreRefusedLikePypi() throws IOException {
        // pip and setuptools wrote License-File under Metadata-Version 2.1; pypi.org refuses that
        // (twine drops the field before upload).
        for (byte[] file : debianWheelMetadata()) {
            CoreMetadata m = CoreMetadata.parse(file);
            if (!m.licenseFiles().isEmpty() && m.metadataVersion().equals("2.1")) {
                assertThatThrownBy(() -> MetadataValidator.validate(m))
                        .hasMessageStartingWith("license-file introduced in metadata version 2.4, not 2.1.");
            }
        }
    }

    @Test
    void setuptoolsMetadataDetails() throws IOException {
        Path wheel;
        try (Stream<Path> wheels = Files.list(DEBIAN_WHEELS)) {
            wheel = wheels.filter(p -> p.getFileName().toString().startsWith("setuptools-"))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            wheel = null;
        }
        Assumptions.assumeTrue(wheel != null, "python3-setuptools-whl is not installed");
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            ZipEntry entry = zip.stream()
                    .filter(e -> e.getName().endsWith(".dist-info/METADATA"))
                    .findFirst()
                    .orElseThrow();
            CoreMetadata m = CoreMetadata.parse(zip.getInputStream(entry).readAllBytes());
            assertThat(m.name()).isEqualTo("setuptools");
            assertThat(m.requiresPython()).contains(">=3.7");
            assertThat(m.providesExtra()).contains("docs", "testing");
            assertThat(m.requiresDist()).anyMatch(r -> r.contains("extra == 'docs'"));
            assertThat(m.projectUrlMap()).containsKey("Documentation");
        }
    }

    private static String header(String text, String name) {
        return text.lines()
                .filter(l -> l.startsWith(name + ": "))
                .findFirst()
                .orElseThrow()
                .substring(name.length() + 2)
                .strip();
    }

    private static int count(String text, String name) {
        return (int) text.lines()
                .takeWhile(l -> !l.isEmpty())
                .filter(l -> l.startsWith(name + ": "))
                .count();
    }

    @Test
    void pkgInfo10WithLegacyIndentedDescription() {
        CoreMetadata m = parse("""
                Metadata-Version: 1.0
                Name: oldpkg
                Version: 0.9
                Summary: An old package
                Home-page: http://example.org/
                Author: A. Person
                Author-email: a@example.org
                License: BSD
                Description: First line.
                       \s
                        Indented by eight spaces.
                            Code keeps four more.
                Platform: UNKNOWN
                Platform: linux
                """);
        assertThat(m.metadataVersion()).isEqualTo("1.0");
        assertThat(m.description()).contains("First line.\n\nIndented by eight spaces.\n    Code keeps four more.");
        assertThat(m.platforms()).containsExactly("UNKNOWN", "linux");
        assertThat(m.license()).contains("BSD");
        assertThat(m.homePage()).contains("http://example.org/");
    }

    @Test
    void pkgInfo11WithDistutilsBarIndentation() {
        CoreMetadata m = parse("""
                Metadata-Version: 1.1
                Name: bars
                Version: 1.0
                Description: Title
                       |=====
                       |
                       |Body text.
                Classifier: Programming Language :: Python
                Classifier: Topic :: Utilities
                Download-URL: https://example.org/bars-1.0.tar.gz
                Requires: os
                Provides: bars
                Supported-Platform: RedHat 7.2
                """);
        assertThat(m.description()).contains("Title\n=====\n\nBody text.");
        assertThat(m.classifiers()).containsExactly("Programming Language :: Python", "Topic :: Utilities");
        assertThat(m.requires()).containsExactly("os");
        assertThat(m.provides()).containsExactly("bars");
        assertThat(m.supportedPlatforms()).containsExactly("RedHat 7.2");
        assertThat(m.downloadUrl()).contains("https://example.org/bars-1.0.tar.gz");
    }

    @Test
    void pkgInfo12WithFoldedHeadersAndDependencies() {
        CoreMetadata m = parse("""
                Metadata-Version: 1.2
                Name: deps
                Version: 2.0
                Summary: A summary folded
                  over two lines
                Maintainer: M. Aintainer
                Maintainer-email: m@example.org
                Requires-Python: >=2.7, !=3.0.*
                Requires-Dist: six (>=1.10)
                Requires-Dist: enum34; python_version < "3.4"
                Requires-External: libxml2 (>=2.9)
                Provides-Dist: deps
                Obsoletes-Dist: olddeps (<2.0)
                Project-URL: Bug Tracker, https://example.org/issues
                """);
        assertThat(m.summary()).contains("A summary folded over two lines");
        assertThat(m.maintainerEmail()).contains("m@example.org");
        assertThat(m.requiresPython()).contains(">=2.7, !=3.0.*");
        assertThat(m.requiresDist()).containsExactly("six (>=1.10)", "enum34; python_version < \"3.4\"");
        assertThat(m.requiresExternal()).containsExactly("libxml2 (>=2.9)");
        assertThat(m.providesDist()).containsExactly("deps");
        assertThat(m.obsoletesDist()).containsExactly("olddeps (<2.0)");
        assertThat(m.projectUrls())
                .containsExactly(new CoreMetadata.ProjectUrl("Bug Tracker", "https://example.org/issues"));
        assertThat(m.description()).isEmpty();
    }

    @Test
    void metadata21WithBodyDescriptionAndCrlf() {
        CoreMetadata m = parse("Metadata-Version: 2.1\r\nName: body\r\nVersion: 1.0\r\n"
                + "Description-Content-Type: text/markdown\r\nProvides-Extra: test\r\n\r\n# Body\r\n\r\nText.\r\n");
        assertThat(m.descriptionContentType()).contains("text/markdown");
        assertThat(m.providesExtra()).containsExactly("test");
        assertThat(m.description()).contains("# Body\n\nText.");
    }

    @Test
    void metadata24WithPep639AndDynamic() {
        CoreMetadata m = parse("""
                Metadata-Version: 2.4
                Name: Foo.Bar
                Version: 1.0rc1
                Summary: Modern metadata with non-ASCII: caf\u00e9 \u2615
                License-Expression: MIT OR Apache-2.0
                License-File: LICENSE
                License-File: licenses/APACHE.txt
                Dynamic: Requires-Dist
                Dynamic: Classifier
                keywords: a,b,c
                X-Unknown-Header: ignored

                Body with unicode \u2603.
                """);
        assertThat(m.name()).isEqualTo("Foo.Bar");
        assertThat(m.summary()).contains("Modern metadata with non-ASCII: caf\u00e9 \u2615");
        assertThat(m.licenseExpression()).contains("MIT OR Apache-2.0");
        assertThat(m.licenseFiles()).containsExactly("LICENSE", "licenses/APACHE.txt");
        assertThat(m.dynamic()).containsExactly("Requires-Dist", "Classifier");
        assertThat(m.keywords()).contains("a,b,c");
        assertThat(m.description()).contains("Body with unicode \u2603.");
        assertThat(m.license()).isEqualTo(Optional.empty());
    }

    @Test
    void lineThatIsNotAHeaderStartsTheBody() {
        CoreMetadata m = parse("Metadata-Version: 2.1\nName: x\nVersion: 1\nnot a header line\nmore\n");
        assertThat(m.version()).isEqualTo("1");
        assertThat(m.description()).contains("not a header line\nmore");
    }

    @Test
    void refusesRepeatedSingleUseHeader() {
        assertThatThrownBy(() -> parse("Metadata-Version: 2.1\nName: a\nName: b\nVersion: 1\n"))
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessageStartingWith("'name' has invalid data.");
    }

    @Test
    void refusesDescriptionInBothHeaderAndBody() {
        assertThatThrownBy(() -> parse("Metadata-Version: 2.1\nName: a\nVersion: 1\nDescription: head\n\nbody\n"))
                .hasMessageStartingWith("'description' has invalid data.");
    }

    @Test
    void refusesRepeatedProjectUrlLabel() {
        assertThatThrownBy(() -> parse("Metadata-Version: 2.1\nName: a\nVersion: 1\n"
                        + "Project-URL: Home, https://a.example\nProject-URL: Home, https://b.example\n"))
                .hasMessageStartingWith("'project-url' has invalid data.");
    }

    @Test
    void refusesUndecodableBytes() {
        byte[] latin1 = "Metadata-Version: 2.1\nName: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> CoreMetadata.parse(latin1))
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessage("The metadata file is not valid UTF-8, which the core metadata specification requires.");
    }

    @Test
    void refusesOversizedFile() {
        byte[] big = new byte[MetadataFileParser.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        assertThatThrownBy(() -> CoreMetadata.parse(big))
                .hasMessageContaining("larger than the limit of 1048576 bytes");
    }

    @Test
    void refusesTooManyHeaders() {
        StringBuilder text = new StringBuilder("Metadata-Version: 2.1\n");
        for (int i = 0; i < MetadataFileParser.MAX_HEADER_FIELDS; i++) {
            text.append("Classifier: Topic :: Utilities\n");
        }
        assertThatThrownBy(() -> parse(text.toString()))
                .hasMessage("The metadata file has more than 1000 header fields.");
    }

    @Test
    void refusesOverlongHeaderButAllowsLongLegacyDescription() {
        String longValue = "x".repeat(MetadataFileParser.MAX_HEADER_CHARS + 1);
        assertThatThrownBy(() -> parse("Metadata-Version: 2.1\nSummary: " + longValue + "\n"))
                .hasMessage("The metadata header 'Summary' is longer than the limit of 65536 characters.");
        StringBuilder description = new StringBuilder("Metadata-Version: 1.0\nDescription: start\n");
        for (int i = 0; i < 3000; i++) {
            description.append("        line ").append(i).append(" of a long legacy description\n");
        }
        CoreMetadata m = parse(description.toString());
        assertThat(m.description().orElseThrow()).hasLineCount(3001).endsWith("line 2999 of a long legacy description");
    }

    @Test
    void refusesLeadingContinuationLine() {
        assertThatThrownBy(() -> parse("  Name: x\n")).isInstanceOf(InvalidMetadataException.class);
    }

    @Test
    void toleratesByteOrderMark() {
        byte[] text = "\uFEFFMetadata-Version: 2.1\nName: bom\nVersion: 1\n".getBytes(StandardCharsets.UTF_8);
        assertThat(CoreMetadata.parse(text).metadataVersion()).isEqualTo("2.1");
    }

    @Test
    void projectUrlParsing() {
        assertThat(CoreMetadata.ProjectUrl.parse(" Docs ,  https://x.example/a,b "))
                .isEqualTo(new CoreMetadata.ProjectUrl("Docs", "https://x.example/a,b"));
        assertThat(CoreMetadata.ProjectUrl.parse("OnlyLabel")).isEqualTo(new CoreMetadata.ProjectUrl("OnlyLabel", ""));
    }

    @Test
    void listsAreImmutable() {
        CoreMetadata m = parse("Metadata-Version: 2.1\nClassifier: Topic :: Utilities\n");
        assertThatThrownBy(() -> m.classifiers().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(m.name()).isEmpty();
    }
}
