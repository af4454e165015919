package dev.wharf.distributions;

import java.util.Set;

/**
 * What the upload pipeline needs from a validated wheel: the bytes of its {@code .dist-info}
 * files, exactly as stored (METADATA is served verbatim as the PEP 658 {@code .metadata} file),
 * and every member name, so the caller can check that each {@code License-File} exists under
 * {@code <name>-<ver>.dist-info/licenses/}.
 *
 * @param metadata {@code <prefix>/METADATA}
 * @param wheel {@code <prefix>/WHEEL}
 * @param record {@code <prefix>/RECORD}, known to be valid UTF-8
 * @param entryNames every member name (an unordered set), directories included as stored
 */
public record WheelContents(byte[] metadata, byte[] wheel, byte[] record, Set<String> entryNames) {
    public WheelContents {
        metadata = metadata.clone();
        wheel = wheel.clone();
        record = record.clone();
        entryNames = Set.copyOf(entryNames);
    }

    @Override
    public byte[] metadata() {
        return metadata.clone();
    }

    @Override
    public byte[] wheel() {
        return wheel.clone();
    }

    @Override
    public byte[] record() {
        return record.clone();
    }
}
