package dev.wharf.projects;

import dev.wharf.distributions.FileDigests;
import dev.wharf.storage.blob.BlobKey;
import java.time.Instant;
import java.util.Optional;

/**
 * One uploaded distribution file. Immutable once recorded; deleting it keeps its filename reserved.
 *
 * @param packageType     {@code sdist} or {@code bdist_wheel}
 * @param pythonVersion   the {@code pyversion} form field ({@code source} for sdists)
 * @param metadataSha256  digest of the wheel's METADATA served as the PEP 658 {@code .metadata} file
 */
public record DistributionFile(
        long id,
        long releaseId,
        long projectId,
        String filename,
        String packageType,
        String pythonVersion,
        long size,
        FileDigests digests,
        BlobKey blobKey,
        Optional<String> metadataSha256,
        Optional<String> metadataBlake2b256,
        Optional<String> requiresPython,
        Optional<String> comment,
        Instant uploadTime,
        Optional<Long> uploadedBy,
        Optional<String> tokenId) {

    public boolean hasMetadataFile() {
        return metadataSha256.isPresent();
    }
}
