package dev.wharf.distributions;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Maps the metadata fields of an upload form to {@link CoreMetadata}. Field names are Warehouse's
 * (its upload API docs, docs.pypi.org/api/upload/): the header name in lowercase with {@code -} as
 * {@code _}, multiple-use fields pluralized ({@code classifiers}, {@code project_urls}) except
 * {@code platform}, {@code supported_platform}, {@code license_file}, {@code import_name} and
 * {@code import_namespace}; multiple-use fields arrive as repeated form fields. Other fields
 * (control fields, digests, and unknown names such as pdm's {@code provides_extras}) are ignored,
 * as pypi.org ignores them.
 */
public final class FormMetadata {
    private FormMetadata() {}

    /**
     * @throws InvalidMetadataException {@code '<field>' has invalid data. See ...} when a
     *     single-use field has two values or two {@code project_urls} share a label (pypi.org
     *     cannot parse either)
     */
    public static CoreMetadata fromForm(Function<String, List<String>> form) {
        CoreMetadata.Builder builder = CoreMetadata.builder();
        for (MetadataField field : MetadataField.values()) {
            if (field.multipleUse()) {
                for (String value : form.apply(field.formName())) {
                    String trimmed = value.strip();
                    if (!trimmed.isEmpty()) {
                        builder.put(field, trimmed);
                    }
                }
            } else {
                single(field.formName(), form.apply(field.formName())).ifPresent(value -> builder.put(field, value));
            }
        }
        CoreMetadata metadata = builder.build();
        Set<String> labels = new HashSet<>();
        for (CoreMetadata.ProjectUrl url : metadata.projectUrls()) {
            if (!labels.add(url.label())) {
                throw new InvalidMetadataException(MetadataValidator.withSpecLink(
                        PythonRepr.of(MetadataField.PROJECT_URL.formName()) + " has invalid data"));
            }
        }
        return metadata;
    }

    /**
     * The value of a single-use form field. Empty values are ignored; two or more non-empty values
     * are refused with pypi.org's message for a field it cannot parse.
     *
     * @throws InvalidMetadataException {@code '<field>' has invalid data. See ...}
     */
    public static Optional<String> single(String field, List<String> values) {
        List<String> nonEmpty = values.stream().filter(v -> !v.isEmpty()).toList();
        if (nonEmpty.size() > 1) {
            throw new InvalidMetadataException(
                    MetadataValidator.withSpecLink(PythonRepr.of(field) + " has invalid data"));
        }
        return nonEmpty.stream().findFirst();
    }
}
