package dev.wharf.distributions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The core metadata of one distribution (packaging.python.org specifications/core-metadata,
 * versions 1.0 to 2.6), as read from a METADATA/PKG-INFO file ({@link #parse(byte[])}) or from
 * the fields of an upload form ({@link FormMetadata#fromForm}).
 *
 * <p>This is a carrier, not a validated value: it holds what the uploader sent, unchecked, so
 * that {@link MetadataValidator#validate(CoreMetadata)} can quote it back in pypi.org's exact
 * messages. Conventions: {@code metadataVersion}, {@code name} and {@code version} are the empty
 * string when absent (the three required fields; the validator refuses them empty); every other
 * single-use field is an {@link Optional}, empty when absent; every multiple-use field is an
 * unmodifiable list, empty when absent, in the order given. Strings are never null.
 */
public record CoreMetadata(
        String metadataVersion,
        String name,
        String version,
        Optional<String> summary,
        Optional<String> description,
        Optional<String> descriptionContentType,
        Optional<String> keywords,
        Optional<String> homePage,
        Optional<String> downloadUrl,
        Optional<String> author,
        Optional<String> authorEmail,
        Optional<String> maintainer,
        Optional<String> maintainerEmail,
        Optional<String> license,
        Optional<String> licenseExpression,
        List<String> licenseFiles,
        List<String> classifiers,
        List<String> platforms,
        List<String> supportedPlatforms,
        Optional<String> requiresPython,
        List<String> requiresDist,
        List<String> providesDist,
        List<String> obsoletesDist,
        List<String> requiresExternal,
        List<String> providesExtra,
        List<ProjectUrl> projectUrls,
        List<String> dynamic,
        List<String> requires,
        List<String> provides,
        List<String> obsoletes,
        List<String> importNames,
        List<String> importNamespaces) {

    /** One Project-URL entry, {@code Label, URL}. Either part may be empty if the uploader left it out. */
    public record ProjectUrl(String label, String url) {
        public ProjectUrl {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(url, "url");
        }

        /**
         * Splits a {@code Project-URL} value at its first comma and strips both parts, as the
         * spec and packaging do; a value without a comma is all label and no URL.
         */
        public static ProjectUrl parse(String value) {
            int comma = value.indexOf(',');
            return comma < 0
                    ? new ProjectUrl(value.strip(), "")
                    : new ProjectUrl(
                            value.substring(0, comma).strip(),
                            value.substring(comma + 1).strip());
        }
    }

    public CoreMetadata {
        Objects.requireNonNull(metadataVersion, "metadataVersion");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        for (Optional<String> single : List.of(
                summary,
                description,
                descriptionContentType,
                keywords,
                homePage,
                downloadUrl,
                author,
                authorEmail,
                maintainer,
                maintainerEmail,
                license,
                licenseExpression,
                requiresPython)) {
            Objects.requireNonNull(single, "optional fields are Optional.empty(), never null");
        }
        licenseFiles = List.copyOf(licenseFiles);
        classifiers = List.copyOf(classifiers);
        platforms = List.copyOf(platforms);
        supportedPlatforms = List.copyOf(supportedPlatforms);
        requiresDist = List.copyOf(requiresDist);
        providesDist = List.copyOf(providesDist);
        obsoletesDist = List.copyOf(obsoletesDist);
        requiresExternal = List.copyOf(requiresExternal);
        providesExtra = List.copyOf(providesExtra);
        projectUrls = List.copyOf(projectUrls);
        dynamic = List.copyOf(dynamic);
        requires = List.copyOf(requires);
        provides = List.copyOf(provides);
        obsoletes = List.copyOf(obsoletes);
        importNames = List.copyOf(importNames);
        importNamespaces = List.copyOf(importNamespaces);
    }

    /**
     * Parses a METADATA (wheel) or PKG-INFO (sdist) file: UTF-8, email-style headers with
     * continuation lines, then an optional body that is the Description. Only the file's
     * structure is checked here (size, encoding, header syntax, a single-use field given twice);
     * the field rules are {@link MetadataValidator}'s.
     *
     * @throws InvalidMetadataException if the file is too large, not UTF-8, or malformed
     */
    public static CoreMetadata parse(byte[] metadataFile) {
        return MetadataFileParser.parse(metadataFile);
    }

    /** The Project-URL entries as label to URL, in the order given; a repeated label keeps its first URL. */
    public Map<String, String> projectUrlMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (ProjectUrl entry : projectUrls) {
            map.putIfAbsent(entry.label(), entry.url());
        }
        return Collections.unmodifiableMap(map);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the field was given at all (a non-empty list, a present optional, a non-empty required string). */
    boolean isPresent(MetadataField field) {
        return switch (field) {
            case METADATA_VERSION -> !metadataVersion.isEmpty();
            case NAME -> !name.isEmpty();
            case VERSION -> !version.isEmpty();
            case PROJECT_URL -> !projectUrls.isEmpty();
            default ->
                field.multipleUse() ? !values(field).isEmpty() : single(field).isPresent();
        };
    }

    Optional<String> single(MetadataField field) {
        return switch (field) {
            case METADATA_VERSION -> Optional.of(metadataVersion).filter(s -> !s.isEmpty());
            case NAME -> Optional.of(name).filter(s -> !s.isEmpty());
            case VERSION -> Optional.of(version).filter(s -> !s.isEmpty());
            case SUMMARY -> summary;
            case DESCRIPTION -> description;
            case DESCRIPTION_CONTENT_TYPE -> descriptionContentType;
            case KEYWORDS -> keywords;
            case HOME_PAGE -> homePage;
            case DOWNLOAD_URL -> downloadUrl;
            case AUTHOR -> author;
            case AUTHOR_EMAIL -> authorEmail;
            case MAINTAINER -> maintainer;
            case MAINTAINER_EMAIL -> maintainerEmail;
            case LICENSE -> license;
            case LICENSE_EXPRESSION -> licenseExpression;
            case REQUIRES_PYTHON -> requiresPython;
            default -> throw new IllegalArgumentException(field + " is a multiple-use field");
        };
    }

    List<String> values(MetadataField field) {
        return switch (field) {
            case DYNAMIC -> dynamic;
            case PLATFORM -> platforms;
            case SUPPORTED_PLATFORM -> supportedPlatforms;
            case LICENSE_FILE -> licenseFiles;
            case CLASSIFIER -> classifiers;
            case REQUIRES_DIST -> requiresDist;
            case REQUIRES_EXTERNAL -> requiresExternal;
            case PROVIDES_EXTRA -> providesExtra;
            case PROVIDES_DIST -> providesDist;
            case OBSOLETES_DIST -> obsoletesDist;
            case REQUIRES -> requires;
            case PROVIDES -> provides;
            case OBSOLETES -> obsoletes;
            case IMPORT_NAME -> importNames;
            case IMPORT_NAMESPACE -> importNamespaces;
            case PROJECT_URL ->
                projectUrls.stream().map(u -> u.label() + ", " + u.url()).toList();
            default -> throw new IllegalArgumentException(field + " is a single-use field");
        };
    }

    /** Collects fields one at a time, by header name or by field; used by the file parser and the form mapping. */
    public static final class Builder {
        private final Map<MetadataField, String> singles = new EnumMap<>(MetadataField.class);
        private final Map<MetadataField, List<String>> multiples = new EnumMap<>(MetadataField.class);

        private Builder() {}

        /**
         * Sets a field by its header name (case-insensitive); a single-use field is replaced, a
         * multiple-use field gets one more value. Unknown headers are ignored, as the spec asks
         * of consumers. Returns whether the header was known.
         */
        public boolean header(String header, String value) {
            Optional<MetadataField> field = MetadataField.byHeader(header);
            field.ifPresent(f -> put(f, value));
            return field.isPresent();
        }

        Builder put(MetadataField field, String value) {
            Objects.requireNonNull(value, "value");
            if (field.multipleUse()) {
                multiples.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
            } else {
                singles.put(field, value);
            }
            return this;
        }

        boolean has(MetadataField field) {
            return singles.containsKey(field) || multiples.containsKey(field);
        }

        public CoreMetadata build() {
            return new CoreMetadata(
                    singles.getOrDefault(MetadataField.METADATA_VERSION, ""),
                    singles.getOrDefault(MetadataField.NAME, ""),
                    singles.getOrDefault(MetadataField.VERSION, ""),
                    opt(MetadataField.SUMMARY),
                    opt(MetadataField.DESCRIPTION),
                    opt(MetadataField.DESCRIPTION_CONTENT_TYPE),
                    opt(MetadataField.KEYWORDS),
                    opt(MetadataField.HOME_PAGE),
                    opt(MetadataField.DOWNLOAD_URL),
                    opt(MetadataField.AUTHOR),
                    opt(MetadataField.AUTHOR_EMAIL),
                    opt(MetadataField.MAINTAINER),
                    opt(MetadataField.MAINTAINER_EMAIL),
                    opt(MetadataField.LICENSE),
                    opt(MetadataField.LICENSE_EXPRESSION),
                    list(MetadataField.LICENSE_FILE),
                    list(MetadataField.CLASSIFIER),
                    list(MetadataField.PLATFORM),
                    list(MetadataField.SUPPORTED_PLATFORM),
                    opt(MetadataField.REQUIRES_PYTHON),
                    list(MetadataField.REQUIRES_DIST),
                    list(MetadataField.PROVIDES_DIST),
                    list(MetadataField.OBSOLETES_DIST),
                    list(MetadataField.REQUIRES_EXTERNAL),
                    list(MetadataField.PROVIDES_EXTRA),
                    list(MetadataField.PROJECT_URL).stream()
                            .map(ProjectUrl::parse)
                            .toList(),
                    list(MetadataField.DYNAMIC),
                    list(MetadataField.REQUIRES),
                    list(MetadataField.PROVIDES),
                    list(MetadataField.OBSOLETES),
                    list(MetadataField.IMPORT_NAME),
                    list(MetadataField.IMPORT_NAMESPACE));
        }

        private Optional<String> opt(MetadataField field) {
            return Optional.ofNullable(singles.get(field));
        }

        private List<String> list(MetadataField field) {
            return multiples.getOrDefault(field, List.of());
        }
    }
}
