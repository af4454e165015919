package dev.wharf.upload;

import static dev.wharf.upload.UploadTesting.assertOk;
import static dev.wharf.upload.UploadTesting.assertRefusedStartingWith;
import static dev.wharf.upload.UploadTesting.assertUnchanged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.RawHttp;
import dev.wharf.testing.TestDistributions;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * pypi.org's upload API ({@code POST /legacy/}) check by check, black-box over real HTTP against a real Wharf,
 * on SQLite and PostgreSQL. Each refusal asserts its status, pypi.org's message in the reason
 * phrase and the body, and that nothing was stored. Skipped on purpose: client runs (twine/uv/
 * poetry/pdm), attestations, the 14-day rule and description rendering, which Wharf
 * does not implement.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class LegacyUploadConformanceTest {
    private static final String SPEC =
            " See https://packaging.python.org/specifications/core-metadata for more information.";

    @Parameter
    Dialect dialect;

    @TempDir
    Path scratch;

    private TestWharf wharf;
    private RawHttp http;
    private String alice;
    private String help;

    @BeforeEach
    void start() {
        wharf = TestWharf.start(dialect, scratch);
        http = new RawHttp(wharf.url());
        alice = RawHttp.basicToken(wharf.userWithToken("alice"));
        help = wharf.url("/help/");
    }

    @AfterEach
    void stop() {
        wharf.close();
    }

    private RawHttp.Response upload(UploadForm form) {
        return http.upload(form, alice);
    }

    private void refused(UploadForm form, int status, String message) {
        UploadTesting.refusedUnchanged(wharf, form, alice, status, message);
    }

    private RawHttp.Response get(String path) {
        return http.send("GET", path, Map.of(), null);
    }

    private long serialOf(String project) {
        return Long.parseLong(
                get("/simple/" + project + "/").header("X-PyPI-Last-Serial").orElseThrow());
    }

    // ---------------------------------------------------------------- 8.1 protocol and auth

    @Test
    void sdistWithAllFieldsIsStoredAndListed() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")));
        RawHttp.Response page = get("/simple/foo-bar/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains(">foo_bar-1.0.tar.gz</a>");
    }

    @Test
    void actionInQueryStringOnly() {
        assertOk(http.upload(
                "/legacy/?:action=file_upload",
                UploadForm.sdist("foo-bar", "1.0").remove(":action"),
                alice));
        assertThat(get("/simple/foo-bar/").text()).contains("foo_bar-1.0.tar.gz");
    }

    @Test
    void legacyWithoutSlashIsPermanentRedirectAndStoresNothing() {
        Map<String, Object> before = wharf.snapshot();
        RawHttp.Response response = http.upload("/legacy", UploadForm.sdist("foo-bar", "1.0"), alice);
        assertThat(response.status()).isEqualTo(308);
        assertThat(response.header("Location").orElseThrow()).endsWith("/legacy/");
        assertThat(response.reason())
                .isEqualTo(
                        "An upload was attempted to /legacy but the expected upload URL is /legacy/ (with a trailing slash)");
        assertUnchanged(wharf, before);
    }

    @Test
    void unknownProtocolVersion() {
        refused(UploadForm.sdist("foo-bar", "1.0").set("protocol_version", "2"), 400, "Unknown protocol version.");
    }

    @Test
    void noAuthorization() {
        UploadTesting.refusedUnchanged(
                wharf,
                UploadForm.sdist("foo-bar", "1.0"),
                null,
                403,
                "Invalid or non-existent authentication information. See " + help
                        + "#invalid-auth for more information.");
    }

    @Test
    void garbageToken() {
        UploadTesting.refusedUnchanged(
                wharf,
                UploadForm.sdist("foo-bar", "1.0"),
                RawHttp.basicToken("pypi-garbage"),
                403,
                "Invalid or non-existent authentication information. See " + help
                        + "#invalid-auth for more information.");
    }

    @Test
    void passwordAuthentication() {
        UploadTesting.refusedUnchanged(
                wharf,
                UploadForm.sdist("foo-bar", "1.0"),
                RawHttp.basic("alice", "secret"),
                403,
                "Username/Password authentication is no longer supported. Migrate to API Tokens or Trusted Publishers "
                        + "instead. See " + help + "#apitoken and " + help + "#trusted-publishers");
    }

    @Test
    void tokenScopedToAnotherProject() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")));
        String other = RawHttp.basicToken(wharf.scopedToken("alice", Set.of("other")));
        UploadTesting.refusedUnchanged(
                wharf,
                UploadForm.sdist("foo-bar", "1.1"),
                other,
                403,
                "The given token isn't allowed to upload to project 'foo-bar'. See " + help
                        + "#project-name for more information.");
    }

    @Test
    void tokenScopedToTheProjectUploads() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")));
        String scoped = RawHttp.basicToken(wharf.scopedToken("alice", Set.of("foo-bar")));
        assertOk(http.upload(UploadForm.sdist("foo-bar", "1.1"), scoped));
    }

    @Test
    void userWithoutRoleIsNamed() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")));
        String bob = RawHttp.basicToken(wharf.userWithToken("bob"));
        UploadTesting.refusedUnchanged(
                wharf,
                UploadForm.sdist("foo-bar", "1.1"),
                bob,
                403,
                "The user 'bob' isn't allowed to upload to project 'foo-bar'. See " + help
                        + "#project-name for more information.");
    }

    @Test
    void bearerToken() {
        String token = alice.substring("Basic ".length());
        String secret = new String(java.util.Base64.getDecoder().decode(token)).substring("__token__:".length());
        assertOk(http.upload(UploadForm.sdist("foo-bar", "1.0"), "Bearer " + secret));
    }

    @Test
    void retiredActionsAreGone() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set(":action", "submit"),
                410,
                "Project pre-registration is no longer required or supported, upload your files instead.");
        refused(
                UploadForm.sdist("foo-bar", "1.0").set(":action", "submit_pkg_info"),
                410,
                "Project pre-registration is no longer required or supported, upload your files instead.");
        refused(
                UploadForm.sdist("foo-bar", "1.0").set(":action", "doc_upload"),
                410,
                "Uploading documentation is no longer supported, we recommend using https://readthedocs.org/.");
    }

    @Test
    void archivedProjectRefusesUploads() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")));
        wharf.wharf()
                .database()
                .writeVoid(h -> h.execute("UPDATE projects SET status = 'archived' WHERE normalized_name = 'foo-bar'"));
        refused(UploadForm.sdist("foo-bar", "1.1"), 403, "Project 'foo-bar' is archived and does not accept uploads.");
    }

    @Test
    void jsonErrorBodyWhenJsonIsPreferred() {
        UploadForm form = UploadForm.sdist("foo-bar", "1.0").set("protocol_version", "2");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", form.contentTypeHeader());
        headers.put("Authorization", alice);
        // uv's Accept header
        headers.put("Accept", "application/json;q=0.9, text/plain;q=0.8, text/html;q=0.7");
        RawHttp.Response response = http.send("POST", "/legacy/", headers, form.body());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reason()).isEqualTo("Unknown protocol version.");
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(response.text()).contains("\"code\":\"400 Unknown protocol version.\"");
    }

    @Test
    void fieldsAfterContentAreRead() {
        // uv sends attestations-like extra fields after the file: the form is only validated once complete.
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")
                .afterContent("sha256_digest")
                .afterContent("version")
                .afterContent("name")));
        assertThat(get("/simple/foo-bar/").text()).contains("foo_bar-1.0.tar.gz");
    }

    @Test
    void wrongDigestAfterContentIsStillChecked() {
        refused(
                UploadForm.sdist("foo-bar", "1.0")
                        .set("sha256_digest", "0".repeat(64))
                        .afterContent("sha256_digest"),
                400,
                "The digest supplied does not match a digest calculated from the uploaded file.");
    }

    // ---------------------------------------------------------------- 8.2 form validation

    @Test
    void missingName() {
        UploadForm form = UploadForm.sdist("foo-bar", "1.0").remove("name");
        Map<String, Object> before = wharf.snapshot();
        RawHttp.Response response = upload(form);
        assertRefusedStartingWith(response, 400, "'");
        assertThat(response.reason()).endsWith("is an invalid value for Name. Error: This field is required." + SPEC);
        assertUnchanged(wharf, before);
    }

    @Test
    void invalidName() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("name", "-bad-"),
                400,
                "'-bad-' is an invalid value for Name. "
                        + "Error: Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'."
                        + SPEC);
    }

    @Test
    void unknownFileType() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("filetype", "bdist_egg"),
                400,
                "Invalid value for filetype. Error: Use a known file type.");
    }

    @Test
    void wheelWithoutPyversion() {
        refused(
                UploadForm.wheel("foo-bar", "1.0").remove("pyversion"),
                400,
                "Invalid value for pyversion. Error: Python version is required for binary distribution uploads.");
    }

    @Test
    void sdistPyversion() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("pyversion", "py3"),
                400,
                "Invalid value for pyversion. Error: Use 'source' as Python version for an sdist.");
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0").set("pyversion", "")));
    }

    @Test
    void noDigests() {
        refused(
                UploadForm.sdist("foo-bar", "1.0")
                        .remove("md5_digest")
                        .remove("sha256_digest")
                        .remove("blake2_256_digest"),
                400,
                "Error: Include at least one message digest.");
    }

    @Test
    void malformedSha256() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("sha256_digest", "zz"),
                400,
                "Invalid value for sha256_digest. Error: Use a valid, hex-encoded, SHA256 message digest.");
    }

    @Test
    void wrongSha256() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("sha256_digest", "ab".repeat(32)),
                400,
                "The digest supplied does not match a digest calculated from the uploaded file.");
    }

    @Test
    void onlyMd5() {
        assertOk(upload(
                UploadForm.sdist("foo-bar", "1.0").remove("sha256_digest").remove("blake2_256_digest")));
    }

    @Test
    void uppercaseHexDigests() {
        UploadForm form = UploadForm.sdist("foo-bar", "1.0");
        form.set("sha256_digest", form.value("sha256_digest").toUpperCase())
                .set("md5_digest", form.value("md5_digest").toUpperCase())
                .set("blake2_256_digest", form.value("blake2_256_digest").toUpperCase());
        assertOk(upload(form));
    }

    @Test
    void contentMissing() {
        refused(UploadForm.sdist("foo-bar", "1.0").withoutContent(), 400, "Upload payload does not have a file.");
    }

    @Test
    void imageContentType() {
        refused(UploadForm.sdist("foo-bar", "1.0").contentType("image/png"), 400, "Invalid distribution file.");
    }

    @Test
    void contentWithoutContentType() {
        refused(UploadForm.sdist("foo-bar", "1.0").contentType(null), 400, "Invalid distribution file.");
    }

    @Test
    void unknownValueIsAbsent() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0").set("home_page", "UNKNOWN")));
    }

    @Test
    void emptyOptionalFields() {
        assertOk(upload(
                UploadForm.sdist("foo-bar", "1.0").set("requires_python", "").set("comment", "")));
    }

    @Test
    void repeatedSingleUseField() {
        refused(UploadForm.sdist("foo-bar", "1.0").add("summary", "again"), 400, "'summary' has invalid data." + SPEC);
    }

    @Test
    void metadataFieldAsFilePart() {
        refused(UploadForm.sdist("foo-bar", "1.0").asFile("summary"), 400, "summary: Should not be a tuple.");
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")
                .set("Description-Content-Type", "text/x-rst")
                .set("provides_extras", "typo")
                .set("attestations_like_extra", "x")
                .afterContent("attestations_like_extra")));
    }

    // ---------------------------------------------------------------- 8.3 metadata rules

    @Test
    void metadataVersion20() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("metadata_version", "2.0"),
                400,
                "'2.0' is not a valid metadata version." + SPEC);
    }

    @Test
    void metadataVersion25WithImportName() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")
                .set("metadata_version", "2.5")
                .set("import_name", "foo_bar")));
    }

    @Test
    void localVersion() {
        refused(
                UploadForm.sdist("foo-bar", "1.0+local", TestDistributions.sdist("foo-bar", "1.0+local")),
                400,
                "The use of local versions in '1.0+local' is not allowed. See "
                        + "https://packaging.python.org/specifications/version-specifiers/#local-version-identifiers for more information.");
    }

    @Test
    void invalidVersion() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("version", "not.a.version"),
                400,
                "'not.a.version' is invalid for 'version'." + SPEC);
    }

    @Test
    void licenseExpressionTooNewForMetadataVersion() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("license_expression", "MIT"),
                400,
                "license-expression introduced in metadata version 2.4, not 2.1." + SPEC);
    }

    @Test
    void licenseAndLicenseExpression() {
        refused(
                UploadForm.sdist("foo-bar", "1.0")
                        .set("metadata_version", "2.4")
                        .set("license", "MIT")
                        .set("license_expression", "MIT"),
                400,
                "License is deprecated when License-Expression is present. Only License-Expression should be present."
                        + SPEC);
    }

    @Test
    void invalidLicenseExpression() {
        refused(
                UploadForm.sdist("foo-bar", "1.0")
                        .set("metadata_version", "2.4")
                        .set("license_expression", "MIT OR"),
                400,
                "'MIT OR' is invalid for 'license-expression'." + SPEC);
    }

    @Test
    void unknownClassifier() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("classifiers", "Not :: A :: Classifier"),
                400,
                "'Not :: A :: Classifier' is not a valid classifier." + SPEC);
    }

    @Test
    void directUrlDependency() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("requires_dist", "foo @ https://x/y.whl"),
                400,
                // packaging's str(Requirement), which pypi.org's message quotes, writes "name@ url".
                "Can't have direct dependency: foo@ https://x/y.whl." + SPEC);
    }

    @Test
    void summaryTooLong() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("summary", "x".repeat(513)),
                400,
                "'summary' field must be 512 characters or less." + SPEC);
    }

    @Test
    void invalidEmail() {
        Map<String, Object> before = wharf.snapshot();
        RawHttp.Response response = upload(UploadForm.sdist("foo-bar", "1.0").set("author_email", "not-an-email"));
        assertRefusedStartingWith(response, 400, "'not-an-email' is not a valid email address");
        assertUnchanged(wharf, before);
    }

    @Test
    void projectUrlRules() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("project_urls", "Homepage, notaurl"),
                400,
                "'notaurl' is not a valid url." + SPEC);
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("project_urls", "x".repeat(33) + ", https://example.org/"),
                400,
                "'" + "x".repeat(33) + "' must be 32 characters or less." + SPEC);
    }

    @Test
    void dynamicVersion() {
        refused(
                UploadForm.sdist("foo-bar", "1.0")
                        .set("metadata_version", "2.2")
                        .set("dynamic", "Version"),
                400,
                "'version' is not allowed as a dynamic field." + SPEC);
    }

    @Test
    void invalidRequiresPython() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").set("requires_python", "=>3"),
                400,
                "'=>3' is invalid for 'requires-python'." + SPEC);
    }

    // ---------------------------------------------------------------- 8.4 filenames and archives

    @Test
    void pathSeparatorsAndControlCharacters() {
        for (String name : new String[] {"a/foo_bar-1.0.tar.gz", "a\\foo_bar-1.0.tar.gz"}) {
            refused(
                    UploadForm.sdist("foo-bar", "1.0").filename(name),
                    400,
                    "Cannot upload a file with '/' or '\\' in the name.");
        }
        Map<String, Object> before = wharf.snapshot();
        RawHttp.Response response = upload(UploadForm.sdist("foo-bar", "1.0").filename("foo_bar-1.0\u0001.tar.gz"));
        assertThat(response.status()).isEqualTo(400);
        assertUnchanged(wharf, before);
    }

    @Test
    void unknownExtensions() {
        for (String name : new String[] {"foo_bar-1.0.egg", "foo_bar-1.0.exe", "foo_bar-1.0.tar.bz2"}) {
            refused(
                    UploadForm.sdist("foo-bar", "1.0").filename(name),
                    400,
                    "Invalid file extension: Use .tar.gz, .whl or .zip "
                            + "extension. See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information");
        }
    }

    @Test
    void wheelExtensionForSdist() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").filename("foo_bar-1.0-py3-none-any.whl"),
                400,
                "Invalid file extension: Extension .whl is invalid for filetype sdist. See https://www.python.org/dev/peps/pep-0527 for more information.");
    }

    @Test
    void sdistFilenameMustBeExact() {
        for (String name : new String[] {"Foo_Bar-1.0.tar.gz", "foo-bar-1.0.tar.gz", "foo_bar-1.0.zip"}) {
            refused(
                    UploadForm.sdist("foo-bar", "1.0").filename(name),
                    400,
                    "Filename '" + name + "' is invalid, should be 'foo_bar-1.0.tar.gz'.");
        }
    }

    @Test
    void sdistVersionMustBeNormalized() {
        refused(
                UploadForm.sdist("foo-bar", "1.0post1", TestDistributions.sdist("foo-bar", "1.0post1")),
                400,
                "Filename 'foo_bar-1.0post1.tar.gz' is invalid, should be 'foo_bar-1.0.post1.tar.gz'.");
        refused(
                UploadForm.sdist("foo-bar", "1.0.post1").filename("foo_bar-1.0-post1.tar.gz"),
                400,
                "Invalid source distribution filename: foo_bar-1.0-post1.tar.gz");
    }

    @Test
    void sdistOfAnotherProject() {
        refused(
                UploadForm.sdist("foo-bar", "1.0").filename("other-1.0.tar.gz"),
                400,
                "Start filename for 'foo-bar' with 'foo_bar'.");
    }

    @Test
    void sdistWithoutPkgInfo() {
        refused(
                UploadForm.sdist(
                        "foo-bar",
                        "1.0",
                        TestDistributions.sdist("foo-bar", "1.0").without("PKG-INFO")),
                400,
                "Invalid distribution file. PKG-INFO not found at foo_bar-1.0/PKG-INFO");
    }

    @Test
    void sdistWithTwoTopLevelDirectories() {
        refused(
                UploadForm.sdist(
                        "foo-bar",
                        "1.0",
                        TestDistributions.sdist("foo-bar", "1.0").outside("other/file.txt")),
                400,
                "Invalid distribution file. Incorrect number of top-level directories in sdist");
    }

    @Test
    void notGzip() {
        Map<String, Object> before = wharf.snapshot();
        RawHttp.Response response =
                upload(UploadForm.sdist("foo-bar", "1.0").content("definitely not gzip".getBytes()));
        assertRefusedStartingWith(response, 400, "Invalid distribution file.");
        assertUnchanged(wharf, before);
    }

    @Test
    void wheelNameNotNormalized() {
        TestDistributions.Wheel wheel =
                TestDistributions.wheel("foo-bar", "1.0").filename("Foo_Bar-1.0-py3-none-any.whl");
        refused(
                UploadForm.wheel("foo-bar", "1.0", wheel),
                400,
                "Filename 'Foo_Bar-1.0-py3-none-any.whl' should contain the normalized project name 'foo_bar', not 'Foo_Bar'.");
    }

    @Test
    void wheelVersionDiffersFromForm() {
        refused(
                UploadForm.wheel("foo-bar", "1.0", TestDistributions.wheel("foo-bar", "1.1")),
                400,
                "Version in filename should be '1.0' not '1.1'.");
    }

    @Test
    void wheelVersionComparedAsVersion() {
        assertOk(upload(UploadForm.wheel("foo-bar", "1.0", TestDistributions.wheel("foo-bar", "1.0.0"))));
    }

    @Test
    void malformedWheelFilename() {
        Map<String, Object> before = wharf.snapshot();
        RawHttp.Response response = upload(UploadForm.wheel("foo-bar", "1.0").filename("foo_bar-1.0-py3-none.whl"));
        assertRefusedStartingWith(response, 400, "Invalid wheel filename");
        assertUnchanged(wharf, before);
    }

    @Test
    void unsupportedPlatformTag() {
        TestDistributions.Wheel wheel =
                TestDistributions.wheel("foo-bar", "1.0").filename("foo_bar-1.0-cp312-cp312-linux_x86_64.whl");
        refused(
                UploadForm.wheel("foo-bar", "1.0", wheel),
                400,
                "Binary wheel 'foo_bar-1.0-cp312-cp312-linux_x86_64.whl' has an unsupported platform tag 'linux_x86_64'.");
    }

    @Test
    void wheelWithoutWheelFile() {
        refused(
                UploadForm.wheel(
                        "foo-bar",
                        "1.0",
                        TestDistributions.wheel("foo-bar", "1.0").withoutDistInfo("WHEEL")),
                400,
                "Invalid distribution file. WHEEL not found at foo_bar-1.0.dist-info/WHEEL");
    }

    @Test
    void wheelWithoutRecord() {
        refused(
                UploadForm.wheel(
                        "foo-bar",
                        "1.0",
                        TestDistributions.wheel("foo-bar", "1.0").withoutDistInfo("RECORD")),
                400,
                "Wheel 'foo_bar-1.0-py3-none-any.whl' does not contain the required RECORD file: foo_bar-1.0.dist-info/RECORD");
    }

    @Test
    void wheelWithoutMetadata() {
        refused(
                UploadForm.wheel(
                        "foo-bar",
                        "1.0",
                        TestDistributions.wheel("foo-bar", "1.0").withoutDistInfo("METADATA")),
                400,
                "Wheel 'foo_bar-1.0-py3-none-any.whl' does not contain the required METADATA file: foo_bar-1.0.dist-info/METADATA");
    }

    @Test
    void wheelWithBadEntryPoints() {
        TestDistributions.Wheel wheel = TestDistributions.wheel("foo-bar", "1.0")
                .put(
                        "foo_bar-1.0.dist-info/entry_points.txt",
                        "[console_scripts]\n../evil = foo_bar:main\n".getBytes());
        refused(
                UploadForm.wheel("foo-bar", "1.0", wheel),
                400,
                "Wheel 'foo_bar-1.0-py3-none-any.whl' has invalid entry points defined in the entry_points.txt file");
    }

    @Test
    void licenseFileMissingFromSdist() {
        refused(
                UploadForm.sdist("foo-bar", "1.0")
                        .set("metadata_version", "2.4")
                        .set("license_file", "LICENSE"),
                400,
                "License-File LICENSE does not exist in distribution file foo_bar-1.0.tar.gz at foo_bar-1.0/LICENSE");
    }

    // ---------------------------------------------------------------- 8.5 duplicates and project rules

    @Test
    void identicalReUploadIsOkAndChangesNothing() {
        UploadForm form = UploadForm.sdist("foo-bar", "1.0");
        assertOk(upload(form));
        long serial = serialOf("foo-bar");
        Map<String, Object> before = wharf.snapshot();
        assertOk(upload(form));
        assertThat(wharf.snapshot()).isEqualTo(before);
        assertThat(serialOf("foo-bar")).isEqualTo(serial);
        assertThat(before).containsEntry("rows:files", 1L);
    }

    @Test
    void sameFilenameDifferentBytes() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")));
        String blake2 = wharf.wharf()
                .database()
                .read(h -> h.createQuery("SELECT blake2_256_digest FROM files")
                        .mapTo(String.class)
                        .one());
        TestDistributions.Sdist changed =
                TestDistributions.sdist("foo-bar", "1.0").put("extra.txt", "changed".getBytes());
        refused(
                UploadForm.sdist("foo-bar", "1.0", changed),
                400,
                "File already exists ('foo_bar-1.0.tar.gz', with blake2_256 hash '" + blake2 + "'). See " + help
                        + "#file-name-reuse for more information.");
    }

    @Test
    void sameBytesDifferentFilename() {
        UploadForm first = UploadForm.wheel("foo-bar", "1.0");
        assertOk(upload(first));
        Map<String, Object> before = wharf.snapshot();
        RawHttp.Response response =
                upload(UploadForm.wheel("foo-bar", "1.0").filename("foo_bar-1.0-py2.py3-none-any.whl"));
        assertRefusedStartingWith(
                response, 400, "File already exists ('foo_bar-1.0-py3-none-any.whl', with blake2_256 hash '");
        assertUnchanged(wharf, before);
    }

    @Test
    void oneSdistPerRelease() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")));
        refused(UploadForm.sdist("foo-bar", "1.0.0"), 400, "Only one sdist may be uploaded per release.");
    }

    @Test
    void deletedFilenameCannotBeReused() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")));
        wharf.wharf().projects().deleteFile("foo-bar", "foo_bar-1.0.tar.gz", Optional.empty());
        refused(
                UploadForm.sdist("foo-bar", "1.0"),
                400,
                "This filename was previously used by a file that has since been deleted. "
                        + "Use a different version. See " + help + "#file-name-reuse for more information.");
    }

    @Test
    void firstUploadCreatesProjectWithUploaderAsOwner() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")));
        String role = wharf.wharf()
                .database()
                .read(h -> h.createQuery(
                                "SELECT r.role FROM roles r JOIN users u ON u.id = r.user_id JOIN projects p ON p.id = r.project_id "
                                        + "WHERE u.username = 'alice' AND p.normalized_name = 'foo-bar'")
                        .mapTo(String.class)
                        .one());
        assertThat(role).isEqualToIgnoringCase("owner");
    }

    @Test
    void stdlibNamesAreRefused() {
        for (String name : new String[] {"os", "asyncio"}) {
            refused(
                    UploadForm.sdist(name, "1.0"),
                    400,
                    "The name '" + name + "' isn't allowed (conflict with Python Standard "
                            + "Library module name). See " + help + "#project-name for more information.");
        }
    }

    @Test
    void tooSimilarNameIsRefused() {
        assertOk(upload(UploadForm.sdist("foobar", "1.0")));
        refused(
                UploadForm.sdist("f00bar", "1.0"),
                400,
                "The name 'f00bar' is too similar to an existing project. See " + help
                        + "#project-name for more information.");
    }

    @Test
    void displayNameFollowsLatestUpload() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")));
        assertOk(upload(UploadForm.sdist("Foo.Bar", "1.1")));
        assertThat(get("/simple/").text()).contains(">Foo.Bar</a>").doesNotContain(">foo-bar</a>");
        assertThat(wharf.snapshot()).containsEntry("rows:projects", 1L);
    }

    @Test
    void oneReleaseFor10And100() {
        assertOk(upload(UploadForm.sdist("foo-bar", "1.0")));
        assertOk(upload(UploadForm.wheel("foo-bar", "1.0.0")));
        assertThat(wharf.snapshot()).containsEntry("rows:releases", 1L).containsEntry("rows:files", 2L);
    }
}
