package dev.wharf.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTagsTest {

    @ParameterizedTest
    @ValueSource(strings = {"any", "win32", "win_amd64", "win_arm64", "win_ia64"})
    void allowsGenericAndWindowsTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "manylinux1_x86_64",
                "manylinux1_i686",
                "manylinux2010_x86_64",
                "manylinux2010_i686",
                "manylinux2014_x86_64",
                "manylinux2014_i686",
                "manylinux2014_aarch64",
                "manylinux2014_armv7l",
                "manylinux2014_ppc64",
                "manylinux2014_ppc64le",
                "manylinux2014_s390x"
            })
    void allowsLegacyManylinuxTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"manylinux1_aarch64", "manylinux2010_aarch64", "manylinux2014_riscv64", "manylinux2014_armv6l"})
    void refusesLegacyManylinuxTagsForOtherArches(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "manylinux_2_17_x86_64",
                "manylinux_2_5_i686",
                "manylinux_2_28_aarch64",
                "manylinux_2_31_armv7l",
                "manylinux_2_17_ppc64",
                "manylinux_2_17_ppc64le",
                "manylinux_2_17_s390x",
                "manylinux_2_39_riscv64"
            })
    void allowsPep600ManylinuxTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "manylinux_2_17_sparc64",
                "manylinux_2_x86_64",
                "manylinux_a_b_x86_64",
                "manylinux_2_17_",
                "manylinux_2_17"
            })
    void refusesMalformedOrUnknownManylinuxTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "musllinux_1_1_x86_64",
                "musllinux_1_2_i686",
                "musllinux_1_2_aarch64",
                "musllinux_1_2_armv7l",
                "musllinux_1_2_ppc64le",
                "musllinux_1_2_s390x",
                "musllinux_1_2_riscv64"
            })
    void allowsMusllinuxTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isTrue();
    }

    /** Big-endian ppc64 is a manylinux arch but not a musllinux one. */
    @ParameterizedTest
    @ValueSource(strings = {"musllinux_1_2_ppc64", "musllinux_1_2_sparc"})
    void refusesMusllinuxTagsForOtherArches(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux_armv6l", "linux_armv7l"})
    void allowsTheTwoPlainLinuxArmTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isTrue();
    }

    /** "whatever this build machine had" names no ABI; pypi.org refuses it. */
    @ParameterizedTest
    @ValueSource(strings = {"linux_x86_64", "linux_i686", "linux_aarch64", "linux_riscv64"})
    void refusesOtherPlainLinuxTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "macosx_10_9_x86_64",
                "macosx_10_6_intel",
                "macosx_10_4_ppc",
                "macosx_10_5_fat",
                "macosx_10_5_fat3",
                "macosx_10_5_fat64",
                "macosx_10_10_universal",
                "macosx_10_9_universal2",
                "macosx_10_15_i386",
                "macosx_10_5_ppc64",
                "macosx_11_0_arm64",
                "macosx_12_0_x86_64",
                "macosx_13_0_universal2",
                "macosx_14_0_arm64",
                "macosx_15_0_arm64",
                "macosx_26_0_arm64"
            })
    void allowsMacosTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isTrue();
    }

    /** From macOS 11 the major moves and the minor in the tag is always 0. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "macosx_11_1_arm64",
                "macosx_14_2_arm64",
                "macosx_9_0_x86_64",
                "macosx_16_0_arm64",
                "macosx_25_0_arm64",
                "macosx_10_9_fat32",
                "macosx_10_9_sparc",
                "macosx_11_0_aarch64"
            })
    void refusesOtherMacosTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ios_13_0_arm64_iphoneos", "ios_13_0_arm64_iphonesimulator", "ios_12_0_x86_64_iphonesimulator"})
    void allowsIosTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ios_13_0_armv7_iphoneos", "ios_13_arm64_iphoneos", "ios_13_0_arm64_ipados"})
    void refusesOtherIosTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"android_21_armeabi_v7a", "android_21_arm64_v8a", "android_24_x86", "android_24_x86_64"})
    void allowsAndroidTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"android_21_mips", "android_x_arm64_v8a", "android_21_0_arm64_v8a"})
    void refusesOtherAndroidTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pyemscripten_2025_0_wasm32"})
    void allowsPyemscriptenTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pyemscripten_2025_0_wasm64", "emscripten_3_1_58_wasm32", "pyodide_2024_0_wasm32"})
    void refusesOtherWebAssemblyTags(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isFalse();
    }

    /** pypi.org checks packaging's lower-cased tags. */
    @ParameterizedTest
    @ValueSource(strings = {"ANY", "Win_AMD64", "MANYLINUX_2_17_X86_64", "MacOSX_11_0_ARM64"})
    void comparesInLowerCase(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "none", "anything", "win64", "cygwin_x86_64", "freebsd_13_amd64"})
    void refusesEverythingElse(String tag) {
        assertThat(PlatformTags.isAllowedOnPypi(tag)).isFalse();
    }
}
