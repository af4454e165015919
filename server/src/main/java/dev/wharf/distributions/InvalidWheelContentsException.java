package dev.wharf.distributions;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * A structurally sound wheel that lacks a required {@code .dist-info} file or declares invalid
 * entry points (pypi.org's wheel checks). Messages are pypi.org's exact texts, without the
 * {@code Invalid distribution file.} prefix.
 */
public final class InvalidWheelContentsException extends WharfException {

    private InvalidWheelContentsException(String message) {
        super(Refusal.BAD_REQUEST, message);
    }

    static InvalidWheelContentsException missingRecord(String filename, String path) {
        return new InvalidWheelContentsException(
                "Wheel '" + filename + "' does not contain the required RECORD file: " + path);
    }

    static InvalidWheelContentsException missingMetadata(String filename, String path) {
        return new InvalidWheelContentsException(
                "Wheel '" + filename + "' does not contain the required METADATA file: " + path);
    }

    static InvalidWheelContentsException invalidEntryPoints(String filename) {
        return new InvalidWheelContentsException(
                "Wheel '" + filename + "' has invalid entry points defined in the entry_points.txt file");
    }
}
