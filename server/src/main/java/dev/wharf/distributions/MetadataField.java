package dev.wharf.distributions;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every core-metadata field Wharf understands: its header name, the name of the upload form field
 * that carries it, the metadata version that introduced it, and whether it may repeat.
 *
 * <p>Introduced-in versions follow the core-metadata specification's "added in" notes
 * (packaging.python.org/specifications/core-metadata). Form names follow Warehouse's upload
 * docs: lowercase, {@code -} to {@code _}, multi-use fields pluralized except {@code platform},
 * {@code supported_platform}, {@code license_file}, {@code import_name} and
 * {@code import_namespace} (docs.pypi.org/api/upload/).
 */
enum MetadataField {
    METADATA_VERSION("Metadata-Version", "metadata_version", "1.0", false),
    NAME("Name", "name", "1.0", false),
    VERSION("Version", "version", "1.0", false),
    DYNAMIC("Dynamic", "dynamic", "2.2", true),
    PLATFORM("Platform", "platform", "1.0", true),
    SUPPORTED_PLATFORM("Supported-Platform", "supported_platform", "1.1", true),
    SUMMARY("Summary", "summary", "1.0", false),
    DESCRIPTION("Description", "description", "1.0", false),
    DESCRIPTION_CONTENT_TYPE("Description-Content-Type", "description_content_type", "2.1", false),
    KEYWORDS("Keywords", "keywords", "1.0", false),
    HOME_PAGE("Home-page", "home_page", "1.0", false),
    DOWNLOAD_URL("Download-URL", "download_url", "1.1", false),
    AUTHOR("Author", "author", "1.0", false),
    AUTHOR_EMAIL("Author-email", "author_email", "1.0", false),
    MAINTAINER("Maintainer", "maintainer", "1.2", false),
    MAINTAINER_EMAIL("Maintainer-email", "maintainer_email", "1.2", false),
    LICENSE("License", "license", "1.0", false),
    LICENSE_EXPRESSION("License-Expression", "license_expression", "2.4", false),
    LICENSE_FILE("License-File", "license_file", "2.4", true),
    CLASSIFIER("Classifier", "classifiers", "1.1", true),
    REQUIRES_DIST("Requires-Dist", "requires_dist", "1.2", true),
    REQUIRES_PYTHON("Requires-Python", "requires_python", "1.2", false),
    REQUIRES_EXTERNAL("Requires-External", "requires_external", "1.2", true),
    PROJECT_URL("Project-URL", "project_urls", "1.2", true),
    PROVIDES_EXTRA("Provides-Extra", "provides_extra", "2.1", true),
    PROVIDES_DIST("Provides-Dist", "provides_dist", "1.2", true),
    OBSOLETES_DIST("Obsoletes-Dist", "obsoletes_dist", "1.2", true),
    REQUIRES("Requires", "requires", "1.1", true),
    PROVIDES("Provides", "provides", "1.1", true),
    OBSOLETES("Obsoletes", "obsoletes", "1.1", true),
    IMPORT_NAME("Import-Name", "import_name", "2.5", true),
    IMPORT_NAMESPACE("Import-Namespace", "import_namespace", "2.5", true);

    /**
     * The Metadata-Version values accepted, oldest first. 2.0 was never a real version (old
     * bdist_wheel wrote it) and pypi.org refuses it; 2.6 is the current version of the core
     * metadata specification.
     */
    static final List<String> METADATA_VERSIONS =
            List.of("1.0", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6");

    private static final Map<String, MetadataField> BY_KEY =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MetadataField::key, Function.identity()));

    private final String header;
    private final String formName;
    private final String introducedIn;
    private final boolean multipleUse;

    MetadataField(String header, String formName, String introducedIn, boolean multipleUse) {
        this.header = header;
        this.formName = formName;
        this.introducedIn = introducedIn;
        this.multipleUse = multipleUse;
    }

    /** The header name as the specification spells it, e.g. {@code Home-page}. */
    String header() {
        return header;
    }

    /** The lowercase header name; the key pypi.org's messages use, e.g. {@code license-file}. */
    String key() {
        return header.toLowerCase(Locale.ROOT);
    }

    String formName() {
        return formName;
    }

    String introducedIn() {
        return introducedIn;
    }

    boolean multipleUse() {
        return multipleUse;
    }

    /** Looks a header up case-insensitively, as email header names are. */
    static Optional<MetadataField> byHeader(String header) {
        return Optional.ofNullable(BY_KEY.get(header.toLowerCase(Locale.ROOT)));
    }

    /** Position of a metadata version in {@link #METADATA_VERSIONS}, or -1 if unknown. */
    static int age(String metadataVersion) {
        return METADATA_VERSIONS.indexOf(metadataVersion);
    }
}
