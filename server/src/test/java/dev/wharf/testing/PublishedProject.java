package dev.wharf.testing;

import java.util.Random;

/**
 * A project published through {@code POST /legacy/} for read-side tests: {@code foo-bar} with an
 * sdist of 0.9 (no Requires-Python), an sdist and a wheel of 1.0 ({@code Requires-Python: >=3.9}),
 * and a wheel of the prerelease 2.0rc1. The 1.0 wheel is larger than 4 KiB so that range requests
 * have something to cut.
 */
public record PublishedProject(
        String authorization,
        byte[] sdist09,
        byte[] sdist10,
        byte[] wheel10,
        byte[] wheel10Metadata,
        byte[] wheel20rc1) {
    public static final String SDIST_09 = "foo_bar-0.9.tar.gz";
    public static final String SDIST_10 = "foo_bar-1.0.tar.gz";
    public static final String WHEEL_10 = "foo_bar-1.0-py3-none-any.whl";
    public static final String WHEEL_20RC1 = "foo_bar-2.0rc1-py3-none-any.whl";

    public static PublishedProject publish(TestWharf wharf) {
        RawHttp http = new RawHttp(wharf.url());
        String authorization = RawHttp.basicToken(wharf.userWithToken("alice"));
        byte[] payload = new byte[6000];
        new Random(1).nextBytes(payload);
        TestDistributions.Sdist sdist09 = TestDistributions.sdist("foo-bar", "0.9");
        TestDistributions.Sdist sdist10 = TestDistributions.sdist("foo-bar", "1.0");
        TestDistributions.Wheel wheel10 = TestDistributions.wheel("foo-bar", "1.0")
                .put("foo_bar/data.bin", payload)
                .metadata(TestDistributions.metadata("foo-bar", "1.0") + "Requires-Python: >=3.9\n");
        TestDistributions.Wheel wheel20 = TestDistributions.wheel("foo-bar", "2.0rc1");
        byte[] s09 = sdist09.bytes();
        byte[] s10 = sdist10.bytes();
        byte[] w10 = wheel10.bytes();
        byte[] w20 = wheel20.bytes();
        publish(http, authorization, UploadForm.sdist("foo-bar", "0.9", sdist09).content(s09));
        publish(
                http,
                authorization,
                UploadForm.sdist("foo-bar", "1.0", sdist10).content(s10).set("requires_python", ">=3.9"));
        publish(
                http,
                authorization,
                UploadForm.wheel("foo-bar", "1.0", wheel10).content(w10).set("requires_python", ">=3.9"));
        publish(
                http,
                authorization,
                UploadForm.wheel("foo-bar", "2.0rc1", wheel20).content(w20));
        return new PublishedProject(authorization, s09, s10, w10, wheel10.metadataBytes(), w20);
    }

    private static void publish(RawHttp http, String authorization, UploadForm form) {
        RawHttp.Response response = http.upload(form, authorization);
        if (response.status() != 200) {
            throw new IllegalStateException("could not publish " + form.filename() + ": " + response);
        }
    }
}
