package dev.wharf.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlobKeyTest {
    /** 64 hex digits, the length of a BLAKE2b-256 digest. */
    private static final String DIGEST = "4f6b2c8ee6d0b2a1f0c3e8a7d9b5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7";

    private static final String PATH = "4f/6b/2c8ee6d0b2a1f0c3e8a7d9b5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7/";

    @Test
    void forFileSplitsTheDigestAsPypiOrgStoragePathsDo() {
        BlobKey key = BlobKey.forFile(DIGEST, "sampleproject-4.0.0-py3-none-any.whl");

        assertThat(key.value()).isEqualTo(PATH + "sampleproject-4.0.0-py3-none-any.whl");
        assertThat(key).hasToString(key.value());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sampleproject-4.0.0.tar.gz",
                "sampleproject-4.0.0-py3-none-any.whl",
                "sampleproject-4.0.0-py3-none-any.whl.metadata",
                "Django-5.1.zip",
                "pkg-1.0+local.1-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                "a",
            })
    void acceptsDistributionFilenames(String filename) {
        assertThat(new BlobKey(PATH + filename).value()).endsWith("/" + filename);
    }

    @Test
    void metadataKeyIsTheDistributionKeyWithPep658Suffix() {
        BlobKey wheel = BlobKey.forFile(DIGEST, "pkg-1.0-py3-none-any.whl");

        assertThat(wheel.metadata().value()).isEqualTo(PATH + "pkg-1.0-py3-none-any.whl.metadata");
    }

    @Test
    void acceptsAFilenameOf255Characters() {
        String longest = "a".repeat(255);

        assertThat(BlobKey.forFile(DIGEST, longest).value()).endsWith(longest);
    }

    static String[] malformedKeys() {
        return new String[] {
            PATH + "..",
            PATH + "pkg..whl",
            PATH + "../../etc/passwd",
            PATH + "dir/pkg-1.0.tar.gz",
            PATH + "pkg\\1.0.tar.gz",
            PATH + ".hidden",
            PATH + "-pkg.tar.gz",
            PATH,
            PATH + "a".repeat(256),
            PATH + "pkg\n1.0.tar.gz",
            PATH + "pkg\u00001.0.tar.gz",
            PATH + "pkg\t.tar.gz",
            PATH + "pkg 1.0.tar.gz",
            PATH + "pkg-1.0.tar.gz\n",
            PATH + "pkg-\u00e9.tar.gz",
            PATH.toUpperCase() + "pkg-1.0.tar.gz",
            "4F/6b/2c8ee6d0b2a1f0c3e8a7d9b5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7/pkg-1.0.tar.gz",
            "4f/6b/2C8EE6d0b2a1f0c3e8a7d9b5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7/pkg-1.0.tar.gz",
            "4f/6b/2c8ee6d0b2a1f0c3e8a7d9b5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c/pkg-1.0.tar.gz",
            "4f/6b/2c8ee6d0b2a1f0c3e8a7d9b5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c70/pkg-1.0.tar.gz",
            "4/f6b/2c8ee6d0b2a1f0c3e8a7d9b5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7/pkg-1.0.tar.gz",
            "4f6/b/2c8ee6d0b2a1f0c3e8a7d9b5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7/pkg-1.0.tar.gz",
            "4g/6b/2c8ee6d0b2a1f0c3e8a7d9b5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7/pkg-1.0.tar.gz",
            "/4f/6b/2c8ee6d0b2a1f0c3e8a7d9b5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7/pkg-1.0.tar.gz",
            "4f/6b/2c8ee6d0b2a1f0c3e8a7d9b5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7//pkg-1.0.tar.gz",
            "",
        };
    }

    @ParameterizedTest
    @MethodSource("malformedKeys")
    void refusesAnythingThatIsNotAContentAddressedKey(String value) {
        assertThatThrownBy(() -> new BlobKey(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a blob key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "4f6b", "4F6B2C8EE6D0B2A1F0C3E8A7D9B5C4E3F2A1B0C9D8E7F6A5B4C3D2E1F0A9B8C7"})
    void forFileRefusesADigestOfTheWrongShape(String digest) {
        assertThatThrownBy(() -> BlobKey.forFile(digest, "pkg-1.0.tar.gz"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forFileRefusesAFilenameWithASeparator() {
        assertThatThrownBy(() -> BlobKey.forFile(DIGEST, "../pkg-1.0.tar.gz"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
