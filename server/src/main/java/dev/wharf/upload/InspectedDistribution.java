package dev.wharf.upload;

import java.util.Optional;

/**
 * What the upload pipeline learned from inside the archive.
 *
 * @param coreMetadata the wheel's {@code .dist-info/METADATA} bytes, served verbatim as the PEP 658
 *                     {@code .metadata} file; empty for sdists (pypi.org serves it for wheels only)
 */
record InspectedDistribution(Optional<byte[]> coreMetadata) {}
