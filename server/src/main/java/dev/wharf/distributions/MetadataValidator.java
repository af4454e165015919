package dev.wharf.distributions;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rules an upload's core metadata must pass, with pypi.org's exact messages and in pypi.org's
 * order (Warehouse {@code forklift/legacy.py}: the upload form first, then the metadata):
 *
 * <ol>
 *   <li>the upload form's Name check: {@code '<v>' is an invalid value for Name. Error:
 *       ... See <spec> for more information.};
 *   <li>the core-metadata standard's rules, as packaging's {@code Metadata.from_raw} applies them
 *       (version syntax, fields newer than the declared Metadata-Version, Requires-Dist,
 *       Requires-Python, License-Expression, License-File, Provides-Extra, Dynamic, ...);
 *   <li>pypi.org's own rules on top (local versions, summary length, e-mail addresses, URLs,
 *       classifiers, direct dependencies, License with License-Expression).
 * </ol>
 *
 * Within stages 2 and 3 every failure is collected and one is reported: the first failure of the
 * first failing field, fields ranked Metadata-Version, Name, Version, then alphabetically by
 * lowercase header name. (pypi.org means to rank this way, but its table spells
 * {@code metadata_version} with an underscore and so never matches {@code metadata-version}; we
 * rank it first as intended.) Stage-2 failures win over stage-3 ones, as on pypi.org, where
 * Warehouse's rules only run on metadata packaging accepted. Messages end with
 * {@code See https://packaging.python.org/specifications/core-metadata for more information.}
 * except the local-version one, which links to the version-specifiers spec.
 *
 * <p>Deliberately not checked, because Wharf ships no copies of the lists: whether a classifier
 * is a known, undeprecated trove classifier (only its shape and its top-level category are
 * checked, and {@code Private :: ...} classifiers, which pypi.org refuses by design, are allowed
 * on a private index), and whether License-Expression identifiers are on the SPDX list (only the
 * expression's syntax is checked). Rendering the description is the upload service's step.
 */
public final class MetadataValidator {
    static final String CORE_METADATA_SPEC = "https://packaging.python.org/specifications/core-metadata";
    static final String LOCAL_VERSION_SPEC =
            "https://packaging.python.org/specifications/version-specifiers/#local-version-identifiers";

    /** PEP 508 / name-normalization spec: valid project names, ASCII only. */
    private static final Pattern PROJECT_NAME =
            Pattern.compile("[A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9]", Pattern.CASE_INSENSITIVE);

    private static final Pattern NAME_SEPARATORS = Pattern.compile("[-_.]+");
    private static final Pattern IMPORT_NAME =
            Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*(?:\\.[\\p{L}_][\\p{L}\\p{N}_]*)*(?:\\s*;\\s*private)?");
    private static final Pattern CLASSIFIER_SEPARATOR = Pattern.compile(" :: ");

    private static final List<String> CONTENT_TYPES = List.of("text/plain", "text/x-rst", "text/markdown");
    private static final List<String> MARKDOWN_VARIANTS = List.of("GFM", "CommonMark");
    private static final int SUMMARY_MAX_CHARS = 512;
    private static final int PROJECT_URL_LABEL_MAX_CHARS = 32;
    private static final int CLASSIFIER_MAX_CHARS = 256;

    /** Top-level categories of the trove classifiers (pypi.org's trove-classifiers package). */
    private static final Set<String> CLASSIFIER_CATEGORIES = Set.of(
            "Development Status",
            "Environment",
            "Framework",
            "Intended Audience",
            "License",
            "Natural Language",
            "Operating System",
            "Programming Language",
            "Topic",
            "Typing",
            "Private");

    /** Fields Dynamic may name on pypi.org: all but the identity fields, Dynamic itself and the legacy 1.1 trio. */
    private static final Set<MetadataField> DYNAMIC_FIELDS = EnumSet.complementOf(EnumSet.of(
            MetadataField.METADATA_VERSION,
            MetadataField.NAME,
            MetadataField.VERSION,
            MetadataField.DYNAMIC,
            MetadataField.REQUIRES,
            MetadataField.PROVIDES,
            MetadataField.OBSOLETES));

    private MetadataValidator() {}

    /**
     * Checks an upload's metadata; returns normally if every rule passes.
     *
     * @throws InvalidMetadataException with the message of the highest-ranked failure
     */
    public static void validate(CoreMetadata metadata) {
        checkName(metadata.name());
        Problems standard = new Problems();
        standardRules(metadata, standard);
        standard.throwFirst();
        Problems index = new Problems();
        indexRules(metadata, index);
        index.throwFirst();
    }

    /** pypi.org's formatting of a metadata error: a full stop, then a pointer to the spec. */
    static String withSpecLink(String error) {
        return withLink(error, CORE_METADATA_SPEC);
    }

    private static String withLink(String error, String link) {
        return error + (error.endsWith(".") ? "" : ".") + " See " + link + " for more information.";
    }

    // Stage 1: the upload form's Name field (Warehouse UploadForm). Long values are shortened to
    // their first and last 30 characters, as pypi.org does.
    private static void checkName(String name) {
        String error;
        if (name.isEmpty()) {
            error = "This field is required.";
        } else if (!PROJECT_NAME.matcher(name).matches()) {
            error = "Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'.";
        } else {
            return;
        }
        String shown = name.length() > 60 ? name.substring(0, 30) + "..." + name.substring(name.length() - 30) : name;
        throw new InvalidMetadataException(PythonRepr.of(shown) + " is an invalid value for Name. Error: " + error
                + " See " + CORE_METADATA_SPEC + " for more information.");
    }

    // Stage 2: the core-metadata standard, as packaging.metadata applies it.
    private static void standardRules(CoreMetadata m, Problems problems) {
        String metadataVersion = m.metadataVersion();
        int age = MetadataField.age(metadataVersion);
        if (age < 0) {
            problems.add(
                    MetadataField.METADATA_VERSION,
                    PythonRepr.of(metadataVersion) + " is not a valid metadata version");
        }
        if (m.version().isEmpty()) {
            problems.add(MetadataField.VERSION, "'version' is a required field");
        } else if (!VersionGrammar.isVersion(m.version())) {
            problems.add(MetadataField.VERSION, PythonRepr.of(m.version()) + " is invalid for 'version'");
        }
        for (MetadataField field : MetadataField.values()) {
            if (field == MetadataField.METADATA_VERSION
                    || field == MetadataField.NAME
                    || field == MetadataField.VERSION
                    || !m.isPresent(field)) {
                continue;
            }
            if (age >= 0 && MetadataField.age(field.introducedIn()) > age) {
                problems.add(
                        field,
                        field.key() + " introduced in metadata version " + field.introducedIn() + ", not "
                                + metadataVersion);
                continue;
            }
            standardFieldRule(m, field, age, problems);
        }
    }

    private static void standardFieldRule(CoreMetadata m, MetadataField field, int age, Problems problems) {
        String quotedKey = PythonRepr.of(field.key());
        switch (field) {
            case SUMMARY -> {
                if (m.summary().orElseThrow().contains("\n")) {
                    problems.add(field, quotedKey + " must be a single line");
                }
            }
            case DESCRIPTION_CONTENT_TYPE ->
                checkContentType(m.descriptionContentType().orElseThrow(), problems);
            case DYNAMIC -> {
                for (String value : m.dynamic()) {
                    String lower = value.toLowerCase(Locale.ROOT);
                    if (lower.equals("name") || lower.equals("version") || lower.equals("metadata-version")) {
                        problems.add(field, PythonRepr.of(lower) + " is not allowed as a dynamic field");
                    } else if (MetadataField.byHeader(lower).isEmpty()) {
                        problems.add(field, PythonRepr.of(lower) + " is not a valid dynamic field");
                    }
                }
            }
            case PROVIDES_EXTRA -> {
                // PEP 685: extras are names; from Metadata-Version 2.3 they must be written normalized.
                boolean mustBeNormalized = age >= MetadataField.age("2.3");
                for (String extra : m.providesExtra()) {
                    if (!PROJECT_NAME.matcher(extra).matches()
                            || mustBeNormalized && !normalize(extra).equals(extra)) {
                        problems.add(field, PythonRepr.of(extra) + " is invalid for " + quotedKey);
                    }
                }
            }
            case REQUIRES_PYTHON -> {
                String spec = m.requiresPython().orElseThrow();
                if (spec.isBlank() || !VersionGrammar.isSpecifierSet(spec)) {
                    problems.add(field, PythonRepr.of(spec) + " is invalid for " + quotedKey);
                }
            }
            case REQUIRES_DIST -> {
                for (String requirement : m.requiresDist()) {
                    try {
                        RequirementGrammar.parse(requirement);
                    } catch (RequirementGrammar.SyntaxError e) {
                        problems.add(field, PythonRepr.of(requirement) + " is invalid for " + quotedKey);
                    }
                }
            }
            case LICENSE_EXPRESSION -> {
                String expression = m.licenseExpression().orElseThrow();
                if (!LicenseExpressionGrammar.isValid(expression)) {
                    problems.add(field, PythonRepr.of(expression) + " is invalid for " + quotedKey);
                }
            }
            case LICENSE_FILE -> {
                for (String path : m.licenseFiles()) {
                    licenseFileProblem(path)
                            .ifPresent(why -> problems.add(
                                    field, PythonRepr.of(path) + " is invalid for " + quotedKey + ", " + why));
                }
            }
            case IMPORT_NAME, IMPORT_NAMESPACE -> {
                for (String name : m.values(field)) {
                    if (!IMPORT_NAME.matcher(name).matches()) {
                        problems.add(field, PythonRepr.of(name) + " is invalid for " + quotedKey);
                    }
                }
            }
            default -> {
                // no rule in the standard for this field
            }
        }
    }

    /** PEP 639 License-File: relative, resolved (no globs), no parent references, '/' separators. */
    private static Optional<String> licenseFileProblem(String path) {
        if (path.contains("..")) {
            return Optional.of("parent directory indicators are not allowed");
        }
        if (path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == ']')) {
            return Optional.of("paths must be resolved");
        }
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
            return Optional.of("paths must be relative");
        }
        if (path.contains("\\")) {
            return Optional.of("paths must use '/' delimiter");
        }
        return Optional.empty();
    }

    /**
     * Description-Content-Type: {@code text/plain}, {@code text/x-rst} or {@code text/markdown},
     * optional {@code charset=UTF-8}, and for Markdown an optional {@code variant} of GFM or
     * CommonMark. The charset is compared case-insensitively (charset names are, per RFC 2045);
     * packaging compares it exactly.
     */
    private static void checkContentType(String value, Problems problems) {
        MetadataField field = MetadataField.DESCRIPTION_CONTENT_TYPE;
        String quotedKey = PythonRepr.of(field.key());
        String[] parts = value.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!CONTENT_TYPES.contains(type)) {
            problems.add(
                    field,
                    quotedKey + " must be one of " + pythonList(CONTENT_TYPES) + ", not " + PythonRepr.of(value));
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                String v = parts[i].substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                parameters.put(parts[i].substring(0, eq).strip().toLowerCase(Locale.ROOT), v);
            }
        }
        String charset = parameters.getOrDefault("charset", "UTF-8");
        if (!charset.equalsIgnoreCase("UTF-8")) {
            problems.add(field, quotedKey + " can only specify the UTF-8 charset, not " + PythonRepr.of(charset));
        }
        String variant = parameters.getOrDefault("variant", "GFM");
        if (type.equals("text/markdown") && !MARKDOWN_VARIANTS.contains(variant)) {
            problems.add(
                    field,
                    "valid Markdown variants for " + quotedKey + " are " + pythonList(MARKDOWN_VARIANTS) + ", not "
                            + PythonRepr.of(variant));
        }
    }

    // Stage 3: pypi.org's rules on top of the standard (Warehouse forklift/metadata.py).
    private static void indexRules(CoreMetadata m, Problems problems) {
        if (VersionGrammar.isLocalVersion(m.version())) {
            problems.add(
                    MetadataField.VERSION,
                    withLink(
                            "The use of local versions in "
                                    + PythonRepr.of(m.version().strip()) + " is not allowed.",
                            LOCAL_VERSION_SPEC),
                    true);
        }
        m.summary()
                .filter(s -> s.length() > SUMMARY_MAX_CHARS)
                .ifPresent(s -> problems.add(
                        MetadataField.SUMMARY,
                        "'summary' field must be " + SUMMARY_MAX_CHARS + " characters or less."));

        m.authorEmail().ifPresent(value -> checkEmails(MetadataField.AUTHOR_EMAIL, value, problems));
        m.maintainerEmail().ifPresent(value -> checkEmails(MetadataField.MAINTAINER_EMAIL, value, problems));

        for (String classifier : new TreeSet<>(m.classifiers())) {
            if (!isPlausibleClassifier(classifier)) {
                problems.add(MetadataField.CLASSIFIER, PythonRepr.of(classifier) + " is not a valid classifier.");
            }
        }

        m.homePage()
                .filter(url -> !isValidUrl(url))
                .ifPresent(url -> problems.add(MetadataField.HOME_PAGE, PythonRepr.of(url) + " is not a valid url."));
        m.downloadUrl()
                .filter(url -> !isValidUrl(url))
                .ifPresent(
                        url -> problems.add(MetadataField.DOWNLOAD_URL, PythonRepr.of(url) + " is not a valid url."));

        for (CoreMetadata.ProjectUrl entry : m.projectUrls()) {
            if (entry.label().isEmpty()) {
                problems.add(MetadataField.PROJECT_URL, "Must have a label");
            } else if (entry.label().length() > PROJECT_URL_LABEL_MAX_CHARS) {
                problems.add(
                        MetadataField.PROJECT_URL,
                        PythonRepr.of(entry.label()) + " must be " + PROJECT_URL_LABEL_MAX_CHARS
                                + " characters or less.");
            } else if (entry.url().isEmpty()) {
                problems.add(MetadataField.PROJECT_URL, "Must have a URL");
            } else if (!isValidUrl(entry.url())) {
                problems.add(MetadataField.PROJECT_URL, PythonRepr.of(entry.url()) + " is not a valid url");
            }
        }

        for (MetadataField field : List.of(MetadataField.PROVIDES_DIST, MetadataField.OBSOLETES_DIST)) {
            for (String requirement : m.values(field)) {
                try {
                    if (RequirementGrammar.parse(requirement).url() != null) {
                        problems.add(field, "Can't have direct dependency: " + PythonRepr.of(requirement));
                    }
                } catch (RequirementGrammar.SyntaxError e) {
                    problems.add(field, PythonRepr.of(requirement) + " is invalid: " + e.getMessage());
                }
            }
        }
        for (String requirement : m.requiresDist()) {
            try {
                RequirementGrammar.Requirement parsed = RequirementGrammar.parse(requirement);
                if (parsed.url() != null) {
                    problems.add(MetadataField.REQUIRES_DIST, "Can't have direct dependency: " + parsed.display());
                }
            } catch (RequirementGrammar.SyntaxError e) {
                // already reported by the standard rules
            }
        }

        for (String value : m.dynamic()) {
            boolean allowed = MetadataField.byHeader(value)
                    .filter(DYNAMIC_FIELDS::contains)
                    .isPresent();
            if (!allowed) {
                problems.add(
                        MetadataField.DYNAMIC,
                        "Dynamic field " + PythonRepr.of(value.toLowerCase(Locale.ROOT))
                                + " is not a valid dynamic field.");
            }
        }

        // PEP 639: License is deprecated once License-Expression is present.
        if (m.license().isPresent() && m.licenseExpression().isPresent()) {
            problems.add(
                    MetadataField.LICENSE,
                    "License is deprecated when License-Expression is present. "
                            + "Only License-Expression should be present.");
        }
    }

    private static void checkEmails(MetadataField field, String value, Problems problems) {
        for (EmailAddressList.Problem problem : EmailAddressList.check(value)) {
            problems.add(
                    field, PythonRepr.of(problem.address()) + " is not a valid email address: " + problem.reason());
        }
    }

    /**
     * Shape of a trove classifier: at least two non-empty {@code " :: "}-separated segments
     * without surrounding spaces, a known top-level category, at most 256 characters.
     */
    private static boolean isPlausibleClassifier(String classifier) {
        if (classifier.length() > CLASSIFIER_MAX_CHARS) {
            return false;
        }
        String[] segments = CLASSIFIER_SEPARATOR.split(classifier, -1);
        if (segments.length < 2 || !CLASSIFIER_CATEGORIES.contains(segments[0])) {
            return false;
        }
        for (String segment : segments) {
            if (segment.isEmpty() || !segment.equals(segment.strip())) {
                return false;
            }
        }
        return true;
    }

    /**
     * An absolute http or https URI with an authority. pypi.org also accepts an empty authority
     * ({@code require_authority=False}); a link without a host is useless, so we refuse it.
     */
    static boolean isValidUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            return scheme != null
                    && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getRawAuthority() != null
                    && !uri.getRawAuthority().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String normalize(String name) {
        return NAME_SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    private static String pythonList(List<String> items) {
        return items.stream()
                .map(PythonRepr::of)
                .reduce((a, b) -> a + ", " + b)
                .map(s -> "[" + s + "]")
                .orElse("[]");
    }

    /** Failures collected per field, reported by pypi.org's ranking. */
    private static final class Problems {
        private static final List<String> FIRST = List.of("metadata-version", "name", "version");

        private record Problem(String message, boolean linked) {}

        private final Map<String, List<Problem>> byField = new LinkedHashMap<>();

        void add(MetadataField field, String message) {
            add(field, message, false);
        }

        /** {@code linked}: the message already carries its own "See ..." pointer. */
        void add(MetadataField field, String message, boolean linked) {
            byField.computeIfAbsent(field.key(), k -> new ArrayList<>()).add(new Problem(message, linked));
        }

        void throwFirst() {
            byField.keySet().stream()
                    .min(Comparator.<String>comparingInt(k -> FIRST.contains(k) ? FIRST.indexOf(k) : FIRST.size())
                            .thenComparing(Comparator.naturalOrder()))
                    .ifPresent(key -> {
                        Problem first = byField.get(key).getFirst();
                        throw new InvalidMetadataException(
                                first.linked() ? first.message() : withSpecLink(first.message()));
                    });
        }
    }
}
