package dev.wharf.distributions;

import java.util.Set;

/**
 * What the upload pipeline needs from a validated {@code .tar.gz} sdist.
 *
 * @param topDirectory the single top-level directory, e.g. {@code foo_bar-1.0}
 * @param pkgInfo the bytes of {@code <top>/PKG-INFO}, as stored
 * @param memberNames paths of the non-directory members relative to the top directory (e.g.
 *     {@code LICENSE}, {@code src/foo/__init__.py}), for the {@code License-File} existence check
 */
public record SdistContents(String topDirectory, byte[] pkgInfo, Set<String> memberNames) {
    public SdistContents {
        pkgInfo = pkgInfo.clone();
        memberNames = Set.copyOf(memberNames);
    }

    @Override
    public byte[] pkgInfo() {
        return pkgInfo.clone();
    }
}
