package dev.wharf.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.RawHttp;
import dev.wharf.testing.TestDistributions;
import dev.wharf.testing.TestWharf;
import dev.wharf.testing.UploadForm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to {@code POST /legacy/}, one fault per case: each gets its documented 4xx with a clear
 * message, and leaves the database rows, the stored blobs and the staging directory exactly as they
 * were (bad input gets a clear 4xx and changes nothing). One server serves all cases,
 * which run one after another, so a snapshot before and after each is exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCatalogueTest {
    private static final String SPEC =
            " See https://packaging.python.org/specifications/core-metadata for more information.";
    private static final String NOT_MULTIPART =
            "Uploads must be multipart/form-data with a boundary, as twine, uv, poetry and pdm send them.";
    private static final String DIGEST_MISMATCH =
            "The digest supplied does not match a digest calculated from the uploaded file.";
    private static final String WHL = "foo_bar-1.0-py3-none-any.whl";

    @TempDir
    static Path scratch;

    private TestWharf wharf;
    private RawHttp http;
    private String alice;
    private String help;

    @BeforeAll
    void start() {
        wharf = TestWharf.start(Dialect.SQLITE, scratch);
        http = new RawHttp(wharf.url());
        alice = RawHttp.basicToken(wharf.userWithToken("alice"));
        wharf.userWithToken("bob");
        help = wharf.url("/help/");
        // An existing project with a file, for the duplicate and permission cases.
        assertThat(http.upload(UploadForm.sdist("foo-bar", "0.9"), alice).status())
                .isEqualTo(200);
    }

    @AfterAll
    void stop() {
        wharf.close();
    }

    /** How a case matches the message: exactly, or by its start when the tail is a parser's detail. */
    private enum Match {
        EXACT,
        PREFIX
    }

    private record Bad(
            Function<BadInputCatalogueTest, RawHttp.Response> send, int status, Match match, String message) {}

    private static Named<Bad> form(
            String name, Function<BadInputCatalogueTest, UploadForm> form, int status, String message) {
        return Named.of(name, new Bad(t -> t.http.upload(form.apply(t), t.alice), status, Match.EXACT, message));
    }

    private static Named<Bad> formPrefix(
            String name, Function<BadInputCatalogueTest, UploadForm> form, int status, String prefix) {
        return Named.of(name, new Bad(t -> t.http.upload(form.apply(t), t.alice), status, Match.PREFIX, prefix));
    }

    private static Named<Bad> raw(
            String name, String contentType, byte[] body, int status, Match match, String message) {
        return Named.of(
                name,
                new Bad(
                        t -> {
                            Map<String, String> headers = new LinkedHashMap<>();
                            if (contentType != null) {
                                headers.put("Content-Type", contentType);
                            }
                            headers.put("Authorization", t.alice);
                            return t.http.send("POST", "/legacy/", headers, body);
                        },
                        status,
                        match,
                        message));
    }

    private static UploadForm sdist() {
        return UploadForm.sdist("foo-bar", "1.0");
    }

    private static UploadForm wheel() {
        return UploadForm.wheel("foo-bar", "1.0");
    }

    private static UploadForm wheel(TestDistributions.Wheel wheel) {
        return UploadForm.wheel("foo-bar", "1.0", wheel);
    }

    private static TestDistributions.Wheel aWheel() {
        return TestDistributions.wheel("foo-bar", "1.0");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final String B = "b0undary";

    private static String part(String name, String value) {
        return "--" + B + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    /** A wheel whose members are DEFLATED by ZipOutputStream, which writes data descriptors. */
    private static byte[] wheelWithDataDescriptors() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            String distInfo = "foo_bar-1.0.dist-info/";
            for (String[] member : new String[][] {
                {"foo_bar/__init__.py", "x = 1\n"},
                {distInfo + "METADATA", TestDistributions.metadata("foo-bar", "1.0")},
                {distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: t\nRoot-Is-Purelib: true\nTag: py3-none-any\n"},
                {distInfo + "RECORD", ""}
            }) {
                zip.putNextEntry(new ZipEntry(member[0]));
                zip.write(utf8(member[1]));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    Stream<Named<Bad>> catalogue() {
        byte[] good = sdist().body();
        String boundaryHeader = sdist().contentTypeHeader();
        byte[] randomBytes = new byte[4096];
        new Random(42).nextBytes(randomBytes);
        StringBuilder manyParts = new StringBuilder();
        for (int i = 0; i < 2_100; i++) {
            manyParts.append(part("keywords" + i, "x"));
        }
        manyParts.append("--" + B + "--\r\n");
        byte[] wheelBytes = aWheel().bytes();
        return Stream.of(
                // ---------------------------------------------------------------- envelope
                raw("multipart without boundary", "multipart/form-data", good, 400, Match.EXACT, NOT_MULTIPART),
                raw(
                        "not multipart (urlencoded)",
                        "application/x-www-form-urlencoded",
                        utf8(":action=file_upload&name=foo-bar"),
                        400,
                        Match.EXACT,
                        NOT_MULTIPART),
                raw("no Content-Type at all", null, good, 400, Match.EXACT, NOT_MULTIPART),
                raw(
                        "truncated body",
                        boundaryHeader,
                        Arrays.copyOf(good, good.length / 2),
                        400,
                        Match.EXACT,
                        "Malformed multipart body: unexpected EOF in CONTENT"),
                raw(
                        "missing closing boundary",
                        boundaryHeader,
                        Arrays.copyOf(good, good.length - "--wharf-test-boundary-7f3a9c--\r\n".length()),
                        400,
                        Match.EXACT,
                        "Malformed multipart body: unexpected EOF in CONTENT"),
                raw(
                        "part without Content-Disposition",
                        "multipart/form-data; boundary=" + B,
                        utf8(part(":action", "file_upload") + "--" + B + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--"
                                + B + "--\r\n"),
                        400,
                        Match.EXACT,
                        "A multipart part has no Content-Disposition header."),
                raw(
                        "part without a field name",
                        "multipart/form-data; boundary=" + B,
                        utf8("--" + B + "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" + B + "--\r\n"),
                        400,
                        Match.EXACT,
                        "A multipart part has no field name."),
                raw(
                        "garbage bytes",
                        "multipart/form-data; boundary=" + B,
                        randomBytes,
                        400,
                        Match.EXACT,
                        "Malformed multipart body: unexpected EOF in PREAMBLE"),
                raw(
                        "too many parts",
                        "multipart/form-data; boundary=" + B,
                        utf8(manyParts.toString()),
                        400,
                        Match.PREFIX,
                        "Malformed multipart body"),
                form(
                        "oversized form field (description > 1 MiB)",
                        t -> sdist().set("description", "x".repeat(1024 * 1024 + 1)),
                        400,
                        "'description' has invalid data: the form field is larger than 1024 KiB"),
                raw(
                        "content part sent twice",
                        "multipart/form-data; boundary=" + B,
                        utf8(part(":action", "file_upload")
                                + "--" + B
                                + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"a.tar.gz\"\r\n"
                                + "Content-Type: application/octet-stream\r\n\r\nx\r\n"
                                + "--" + B
                                + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"b.tar.gz\"\r\n"
                                + "Content-Type: application/octet-stream\r\n\r\ny\r\n--" + B + "--\r\n"),
                        400,
                        Match.EXACT,
                        "'content' has invalid data"),
                form(
                        "content part without filename",
                        t -> sdist().withoutContent().add("content", "not a file"),
                        400,
                        "Upload payload does not have a file."),
                // ---------------------------------------------------------------- missing fields
                form(
                        "missing :action",
                        t -> sdist().remove(":action"),
                        400,
                        "Invalid value for :action. Error: This field is required."),
                formPrefix(
                        "missing name",
                        t -> sdist().remove("name"),
                        400,
                        "'' is an invalid value for Name. Error: This field is required."),
                form("missing version", t -> sdist().remove("version"), 400, "'version' is a required field." + SPEC),
                form(
                        "missing filetype",
                        t -> sdist().remove("filetype"),
                        400,
                        "Invalid value for filetype. Error: This field is required."),
                form(
                        "missing pyversion for a wheel",
                        t -> wheel().remove("pyversion"),
                        400,
                        "Invalid value for pyversion. Error: Python version is required for binary distribution uploads."),
                form("missing content", t -> sdist().withoutContent(), 400, "Upload payload does not have a file."),
                form(
                        "missing digests",
                        t -> sdist().remove("md5_digest")
                                .remove("sha256_digest")
                                .remove("blake2_256_digest"),
                        400,
                        "Error: Include at least one message digest."),
                // ---------------------------------------------------------------- digests
                form("wrong md5", t -> sdist().set("md5_digest", "0".repeat(32)), 400, DIGEST_MISMATCH),
                form("wrong sha256", t -> sdist().set("sha256_digest", "0".repeat(64)), 400, DIGEST_MISMATCH),
                form("wrong blake2", t -> sdist().set("blake2_256_digest", "0".repeat(64)), 400, DIGEST_MISMATCH),
                form(
                        "malformed md5 hex",
                        t -> sdist().set("md5_digest", "xyz"),
                        400,
                        "Invalid value for md5_digest. Error: Use a valid, hex-encoded, MD5 message digest."),
                form(
                        "malformed sha256 hex (63 digits)",
                        t -> sdist().set("sha256_digest", "a".repeat(63)),
                        400,
                        "Invalid value for sha256_digest. Error: Use a valid, hex-encoded, SHA256 message digest."),
                form(
                        "malformed blake2 hex",
                        t -> sdist().set("blake2_256_digest", "g".repeat(64)),
                        400,
                        "Invalid value for blake2_256_digest. Error: Use a valid, hex-encoded, BLAKE2 message digest."),
                // ---------------------------------------------------------------- name and version binding
                form(
                        "filename names another project",
                        t -> sdist().filename("other-1.0.tar.gz"),
                        400,
                        "Start filename for 'foo-bar' with 'foo_bar'."),
                form(
                        "filename version differs from form",
                        t -> UploadForm.wheel("foo-bar", "1.0", TestDistributions.wheel("foo-bar", "1.1")),
                        400,
                        "Version in filename should be '1.0' not '1.1'."),
                form(
                        "METADATA names another project",
                        t -> wheel(aWheel().metadata(TestDistributions.metadata("other", "1.0"))),
                        400,
                        "The metadata inside '" + WHL
                                + "' is for 'other' version '1.0', but the upload form says 'foo-bar' version "
                                + "'1.0'. Upload the file together with its own metadata."),
                form(
                        "PKG-INFO has another version",
                        t -> UploadForm.sdist(
                                "foo-bar",
                                "1.0",
                                TestDistributions.sdist("foo-bar", "1.0")
                                        .pkgInfo(TestDistributions.metadata("foo-bar", "2.0"))),
                        400,
                        "The metadata inside 'foo_bar-1.0.tar.gz' is for 'foo-bar' version '2.0', but the upload form says 'foo-bar' "
                                + "version '1.0'. Upload the file together with its own metadata."),
                // ---------------------------------------------------------------- wheel filenames
                form(
                        "platform tag linux_x86_64",
                        t -> wheel(aWheel().filename("foo_bar-1.0-cp312-cp312-linux_x86_64.whl")),
                        400,
                        "Binary wheel 'foo_bar-1.0-cp312-cp312-linux_x86_64.whl' has an unsupported platform tag 'linux_x86_64'."),
                formPrefix(
                        "malformed wheel filename",
                        t -> wheel().filename("foo_bar-1.0-py3-none.whl"),
                        400,
                        "Invalid wheel filename"),
                // ---------------------------------------------------------------- archives
                form(
                        "zip bomb (66 MiB of zeros)",
                        t -> wheel(aWheel().zeros("foo_bar/zeros.bin", 66L * 1024 * 1024)),
                        400,
                        "Invalid distribution file. File exceeds compression ratio of 50"),
                formPrefix(
                        "truncated wheel",
                        t -> wheel().content(Arrays.copyOf(wheelBytes, wheelBytes.length - 30)),
                        400,
                        "Invalid distribution file."),
                form(
                        "not a zip named .whl",
                        t -> wheel().content(randomBytes),
                        400,
                        "Invalid distribution file. File is not a zipfile"),
                formPrefix(
                        "not gzip named .tar.gz", t -> sdist().content(randomBytes), 400, "Invalid distribution file."),
                form(
                        "sdist with two top-level directories",
                        t -> UploadForm.sdist(
                                "foo-bar",
                                "1.0",
                                TestDistributions.sdist("foo-bar", "1.0").outside("second/file.txt")),
                        400,
                        "Invalid distribution file. Incorrect number of top-level directories in sdist"),
                form(
                        "sdist without PKG-INFO",
                        t -> UploadForm.sdist(
                                "foo-bar",
                                "1.0",
                                TestDistributions.sdist("foo-bar", "1.0").without("PKG-INFO")),
                        400,
                        "Invalid distribution file. PKG-INFO not found at foo_bar-1.0/PKG-INFO"),
                form(
                        "wheel without WHEEL",
                        t -> wheel(aWheel().withoutDistInfo("WHEEL")),
                        400,
                        "Invalid distribution file. WHEEL not found at foo_bar-1.0.dist-info/WHEEL"),
                form(
                        "wheel without METADATA",
                        t -> wheel(aWheel().withoutDistInfo("METADATA")),
                        400,
                        "Wheel '" + WHL
                                + "' does not contain the required METADATA file: foo_bar-1.0.dist-info/METADATA"),
                form(
                        "wheel without RECORD",
                        t -> wheel(aWheel().withoutDistInfo("RECORD")),
                        400,
                        "Wheel '" + WHL + "' does not contain the required RECORD file: foo_bar-1.0.dist-info/RECORD"),
                form(
                        "wheel with data descriptors",
                        t -> wheel().content(wheelWithDataDescriptors()),
                        400,
                        "Invalid distribution file. ZIP archive not accepted: ZIP contains a data descriptor. "
                                + "See https://docs.pypi.org/archives for more information"),
                // ---------------------------------------------------------------- filenames
                form(
                        "traversal ../x.whl",
                        t -> wheel().filename("../x.whl"),
                        400,
                        "Cannot upload a file with '/' or '\\' in the name."),
                form(
                        "slash a/b.whl",
                        t -> wheel().filename("a/b.whl"),
                        400,
                        "Cannot upload a file with '/' or '\\' in the name."),
                form(
                        "backslash a\\b.whl",
                        t -> wheel().filename("a\\b.whl"),
                        400,
                        "Cannot upload a file with '/' or '\\' in the name."),
                // Not pypi.org's message: Jetty's multipart parser refuses the control byte in the part header
                // before the filename rule can see it. Still a 400 that stores nothing.
                formPrefix(
                        "control character in filename",
                        t -> wheel().filename("foo_bar-1.0-py3-none-any\u0007.whl"),
                        400,
                        "Malformed multipart body: 400: invalid byte 7"),
                form(
                        ".exe extension",
                        t -> sdist().filename("foo_bar-1.0.exe"),
                        400,
                        "Invalid file extension: Use .tar.gz, .whl or .zip "
                                + "extension. See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information"),
                form(
                        ".egg extension",
                        t -> sdist().filename("foo_bar-1.0-py3.12.egg"),
                        400,
                        "Invalid file extension: Use .tar.gz, .whl "
                                + "or .zip extension. See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information"),
                form(
                        "filetype bdist_wheel with .tar.gz",
                        t -> sdist().set("filetype", "bdist_wheel").set("pyversion", "py3"),
                        400,
                        "Invalid file extension: Extension .tar.gz is invalid for filetype bdist_wheel. "
                                + "See https://www.python.org/dev/peps/pep-0527 for more information."),
                // ---------------------------------------------------------------- duplicates
                formPrefix(
                        "conflicting duplicate (same filename, other bytes)",
                        t -> UploadForm.sdist(
                                "foo-bar",
                                "0.9",
                                TestDistributions.sdist("foo-bar", "0.9").put("changed.txt", utf8("changed"))),
                        400,
                        "File already exists ('foo_bar-0.9.tar.gz', with blake2_256 hash '"),
                // ---------------------------------------------------------------- authentication
                Named.of("missing authentication", new Bad(t -> t.http.upload(sdist(), null), 403, Match.EXACT, null)),
                Named.of(
                        "invalid token",
                        new Bad(
                                t -> t.http.upload(sdist(), RawHttp.basicToken("pypi-AgEIbm90LWEtdG9rZW4")),
                                403,
                                Match.EXACT,
                                null)),
                Named.of(
                        "expired token",
                        new Bad(
                                t -> t.http.upload(sdist(), RawHttp.basicToken(t.wharf.expiredToken("alice"))),
                                403,
                                Match.EXACT,
                                "Invalid API Token: token is expired. Create a new token.")),
                Named.of(
                        "token for another project",
                        new Bad(
                                t -> t.http.upload(
                                        UploadForm.sdist("foo-bar", "1.0"),
                                        RawHttp.basicToken(t.wharf.scopedToken("alice", Set.of("other")))),
                                403,
                                Match.PREFIX,
                                "The given token isn't allowed to upload to project 'foo-bar'.")),
                Named.of(
                        "password authentication",
                        new Bad(
                                t -> t.http.upload(sdist(), RawHttp.basic("alice", "secret")),
                                403,
                                Match.PREFIX,
                                "Username/Password authentication is no longer supported.")),
                Named.of(
                        "user without a role",
                        new Bad(
                                t -> t.http.upload(
                                        sdist(), RawHttp.basicToken(t.wharf.scopedToken("bob", Set.of("foo-bar")))),
                                403,
                                Match.PREFIX,
                                "The user 'bob' isn't allowed to upload to project 'foo-bar'.")),
                // ---------------------------------------------------------------- form rules
                form(
                        "field sent as a file part",
                        t -> sdist().asFile("version"),
                        400,
                        "version: Should not be a tuple."),
                form(
                        "single-use field twice",
                        t -> sdist().add("version", "1.0"),
                        400,
                        "'version' has invalid data." + SPEC),
                form(
                        "invalid metadata version",
                        t -> sdist().set("metadata_version", "9.9"),
                        400,
                        "'9.9' is not a valid metadata version." + SPEC),
                form(
                        "local version",
                        t -> UploadForm.sdist("foo-bar", "1.0+abc", TestDistributions.sdist("foo-bar", "1.0+abc")),
                        400,
                        "The use of local versions in '1.0+abc' is not allowed. See "
                                + "https://packaging.python.org/specifications/version-specifiers/#local-version-identifiers for more information."),
                form(
                        "invalid requires_python",
                        t -> sdist().set("requires_python", ">=3.x"),
                        400,
                        "'>=3.x' is invalid for 'requires-python'." + SPEC),
                form(
                        "direct-URL dependency",
                        t -> sdist().set("requires_dist", "evil @ https://example.org/evil.whl"),
                        400,
                        "Can't have direct dependency: evil@ https://example.org/evil.whl." + SPEC),
                form("protocol_version 2", t -> sdist().set("protocol_version", "2"), 400, "Unknown protocol version."),
                form(
                        "content type image/png",
                        t -> sdist().contentType("image/png"),
                        400,
                        "Invalid distribution file."),
                form(
                        "unknown filetype bdist_egg",
                        t -> sdist().set("filetype", "bdist_egg"),
                        400,
                        "Invalid value for filetype. Error: Use a known file type."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void refusedWithoutChangingAnything(Bad bad) {
        Map<String, Object> before = wharf.snapshot();
        RawHttp.Response response = bad.send.apply(this);
        String message = bad.message != null
                ? bad.message
                : "Invalid or non-existent authentication information. See " + help
                        + "#invalid-auth for more information.";
        if (bad.match == Match.EXACT) {
            UploadTesting.assertRefused(response, bad.status, message);
        } else {
            UploadTesting.assertRefusedStartingWith(response, bad.status, message);
        }
        UploadTesting.assertUnchanged(wharf, before);
    }

    @Test
    void fileOverTheSizeLimit() {
        try (TestWharf small =
                TestWharf.start(Dialect.SQLITE, scratch, loader -> loader.flag("upload.max-file-size", "1MiB"))) {
            String token = RawHttp.basicToken(small.userWithToken("alice"));
            byte[] twoMiB = new byte[2 * 1024 * 1024];
            new Random(7).nextBytes(twoMiB);
            UploadTesting.refusedUnchanged(
                    small,
                    sdist().content(twoMiB),
                    token,
                    400,
                    "File too large. Limit for project 'foo-bar' is 1 MiB. Ask the index administrator to raise upload.max-file-size.");
        }
    }
}
