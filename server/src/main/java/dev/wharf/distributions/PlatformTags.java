package dev.wharf.distributions;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pypi.org's allow list of wheel platform tags (checked with the wheel's filename). A platform tag
 * names a binary ABI; pypi.org accepts only tags that an ABI spec defines (manylinux, musllinux,
 * macOS, Windows, iOS, Android, Pyodide), so plain {@code linux_x86_64} — "whatever this build
 * machine had" — is refused. A private index may want to allow more; that choice belongs to the
 * caller.
 */
public final class PlatformTags {
    /** Tags allowed verbatim. */
    private static final Set<String> FIXED = Set.of(
            "any",
            "win32",
            "win_amd64",
            "win_arm64",
            "win_ia64",
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
            "manylinux2014_s390x",
            "linux_armv6l",
            "linux_armv7l");

    /** PEP 600 {@code manylinux_X_Y_<arch>}. */
    private static final Pattern MANYLINUX = Pattern.compile("manylinux_[0-9]+_[0-9]+_(?<arch>.+)");

    private static final Set<String> MANYLINUX_ARCHES =
            Set.of("x86_64", "i686", "aarch64", "armv7l", "ppc64", "ppc64le", "s390x", "riscv64");

    /** PEP 656 {@code musllinux_X_Y_<arch>}: the manylinux arches except big-endian ppc64. */
    private static final Pattern MUSLLINUX = Pattern.compile("musllinux_[0-9]+_[0-9]+_(?<arch>.+)");

    private static final Set<String> MUSLLINUX_ARCHES =
            Set.of("x86_64", "i686", "aarch64", "armv7l", "ppc64le", "s390x", "riscv64");

    /**
     * macOS: {@code macosx_10_<minor>_<arch>} for the 10.x series, where only the minor number
     * moved, and {@code macosx_<major>_0_<arch>} from 11 on, where it is the major that moves.
     */
    private static final Pattern MACOSX = Pattern.compile("macosx_(?<major>[0-9]+)_(?<minor>[0-9]+)_(?<arch>.+)");

    private static final Set<String> MACOSX_MAJORS_FROM_11 = Set.of("11", "12", "13", "14", "15", "26");
    private static final Set<String> MACOSX_ARCHES = Set.of(
            "ppc", "ppc64", "i386", "x86_64", "arm64", "intel", "fat", "fat3", "fat64", "universal", "universal2");

    /** PEP 730 {@code ios_X_Y_<arch>_<sdk>}. */
    private static final Pattern IOS =
            Pattern.compile("ios_[0-9]+_[0-9]+_(?:arm64|x86_64)_(?:iphoneos|iphonesimulator)");

    /** PEP 738 {@code android_<api level>_<abi>}. */
    private static final Pattern ANDROID = Pattern.compile("android_[0-9]+_(?:armeabi_v7a|arm64_v8a|x86|x86_64)");

    /** PEP 783 {@code pyemscripten_X_Y_wasm32}. */
    private static final Pattern PYEMSCRIPTEN = Pattern.compile("pyemscripten_[0-9]+_[0-9]+_wasm32");

    private PlatformTags() {}

    /**
     * Whether pypi.org would accept a wheel with this platform tag. The tag is compared in lower
     * case, as pypi.org compares the lower-cased tags {@code packaging.tags.parse_tag} yields.
     */
    public static boolean isAllowedOnPypi(String tag) {
        String t = tag.toLowerCase(Locale.ROOT);
        if (FIXED.contains(t)) {
            return true;
        }
        Matcher m = MANYLINUX.matcher(t);
        if (m.matches()) {
            return MANYLINUX_ARCHES.contains(m.group("arch"));
        }
        m = MUSLLINUX.matcher(t);
        if (m.matches()) {
            return MUSLLINUX_ARCHES.contains(m.group("arch"));
        }
        m = MACOSX.matcher(t);
        if (m.matches()) {
            boolean knownVersion = m.group("major").equals("10")
                    || (MACOSX_MAJORS_FROM_11.contains(m.group("major"))
                            && m.group("minor").equals("0"));
            return knownVersion && MACOSX_ARCHES.contains(m.group("arch"));
        }
        return IOS.matcher(t).matches()
                || ANDROID.matcher(t).matches()
                || PYEMSCRIPTEN.matcher(t).matches();
    }
}
